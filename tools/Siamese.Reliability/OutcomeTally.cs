using System.Collections.Concurrent;

namespace Siamese.Reliability;

/// <summary>Outcomes counted per entry point, with a few examples of anything that is not a clean 4xx.</summary>
public sealed class OutcomeTally
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Outcome, int>> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _examples = new();

    public void Add(string entryPoint, Outcome outcome, string? detail = null)
    {
        _counts.GetOrAdd(entryPoint, _ => new()).AddOrUpdate(outcome, 1, (_, n) => n + 1);
        if (outcome != Outcome.Clean4xx && _examples.Count < 50)
        {
            _examples.Enqueue($"{entryPoint}: {outcome} {detail}");
        }
    }

    public int Count(Outcome outcome) => _counts.Values.Sum(c => c.GetValueOrDefault(outcome));

    public int Total => _counts.Values.Sum(c => c.Values.Sum());

    public IReadOnlyList<string> Examples => [.. _examples];

    /// <summary>Per entry point: tried and each outcome's count (zero outcomes left out).</summary>
    public SortedDictionary<string, SortedDictionary<string, int>> ByEntryPoint()
    {
        var result = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var (entry, counts) in _counts)
        {
            var row = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["tried"] = counts.Values.Sum() };
            foreach (var (outcome, n) in counts.Where(c => c.Value > 0))
            {
                row[Name(outcome)] = n;
            }

            result[entry] = row;
        }

        return result;
    }

    public static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Clean4xx => "clean_4xx",
        Outcome.ServerError => "server_errors",
        Outcome.Hang => "hangs",
        Outcome.Crash => "crashes",
        Outcome.Accepted => "accepted",
        Outcome.NoAnswer => "no_answer",
        _ => outcome.ToString(),
    };
}
