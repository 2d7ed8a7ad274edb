namespace Siamese.Reliability;

/// <summary>What one run of the suite does (every section by default, at the sizes issue #13 names).</summary>
public sealed record ReliabilityOptions
{
    public static readonly IReadOnlyList<string> AllSections =
        ["unauthenticated", "bad-inputs", "cross-tenant", "second-writer", "kill9", "large-images", "broker-kill"];

    public IReadOnlySet<string> Sections { get; init; } = new HashSet<string>(AllSections, StringComparer.Ordinal);

    /// <summary>Scratch folder (indexes, key stores, the RabbitMQ node's data); emptied at the start.</summary>
    public string Work { get; init; } = Path.Combine("artifacts", "reliability");

    public int RabbitPort { get; init; } = 5673;

    public int RabbitDistributionPort { get; init; } = 25673;

    public int Frames { get; init; } = 1000;

    public double FramesPerSecond { get; init; } = 20;

    public int Operations { get; init; } = 10_000;

    public int Kill9Rounds { get; init; } = 5;

    public int LargeImages { get; init; } = 20;

    public static ReliabilityOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ReliabilityOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--sections" => options with { Sections = ParseSections(Next()) },
                "--work" => options with { Work = Next() },
                "--rabbit-port" => options with { RabbitPort = Int() },
                "--rabbit-dist-port" => options with { RabbitDistributionPort = Int() },
                "--frames" => options with { Frames = Int() },
                "--rate" => options with { FramesPerSecond = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--operations" => options with { Operations = Int() },
                "--rounds" => options with { Kill9Rounds = Int() },
                "--large-images" => options with { LargeImages = Int() },
                _ => throw new ArgumentException(
                    $"Unknown option '{args[i]}'. Options: --sections {string.Join(',', AllSections)} --work DIR --rabbit-port N " +
                    "--rabbit-dist-port N --frames N --rate F --operations N --rounds N --large-images N"),
            };
        }

        return options;
    }

    private static HashSet<string> ParseSections(string list)
    {
        var chosen = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = chosen.Except(AllSections).ToList();
        return unknown.Count == 0 ? chosen : throw new ArgumentException($"Unknown section(s) {string.Join(", ", unknown)}; use {string.Join(',', AllSections)}.");
    }
}
