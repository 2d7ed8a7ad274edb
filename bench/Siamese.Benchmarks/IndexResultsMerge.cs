using System.Text.Json;
using System.Text.Json.Nodes;

namespace Siamese.Benchmarks;

/// <summary>One process that measured some of the runs of an assembled <c>index.json</c>.</summary>
public sealed record IndexResultsSource(string Command, string MeasuredAt, string? LoadAverageBefore, string? LoadAverageAfter, string Configurations);

/// <summary>
/// The runs of the existing <c>bench/results/index.json</c> that a <c>--merge</c> run does not measure again, and the
/// commands that measured them. A 1M-vector configuration takes minutes to build and gigabytes of memory, so one
/// configuration can be measured again (on a quieter machine, or alone) without throwing the others away; the file
/// then lists every process in <c>sources</c>, each with its own command.
/// </summary>
public sealed record IndexResultsMerge(IReadOnlyList<IndexRun> Runs, IReadOnlyList<IndexResultsSource> Sources)
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IndexResultsMerge Empty { get; } = new([], []);

    public static IndexResultsMerge Read(IReadOnlyCollection<(int Vectors, int Dimension)> measuredNow)
    {
        var path = Path.Combine(ResultsFile.RepoRoot(), "bench", "results", "index.json");
        if (!File.Exists(path))
        {
            return Empty;
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var runs = root["runs"].Deserialize<List<IndexRun>>(Options) ?? [];
        var kept = runs.Where(r => !measuredNow.Contains((r.Vectors, r.Dimension))).ToList();
        var sources = root["sources"]?.Deserialize<List<IndexResultsSource>>(Options)
            ?? [new IndexResultsSource(
                (string)root["command"]!,
                (string)root["measured_at"]!,
                (string?)root["load_average_before"],
                (string?)root["load_average_after"],
                string.Join(", ", runs.Select(r => $"{r.Vectors}x{r.Dimension}").Distinct()))];

        // A source stays while one of its configurations is still in the file.
        var keptConfigs = kept.Select(r => $"{r.Vectors}x{r.Dimension}").ToHashSet(StringComparer.Ordinal);
        return new IndexResultsMerge(kept, sources.Where(s => s.Configurations.Split(", ").Any(keptConfigs.Contains)).ToList());
    }
}
