namespace Siamese.Benchmarks;

/// <summary>Summaries of a benchmark's rounds.</summary>
internal static class Stats
{
    /// <summary>The middle value (the mean of the two middle ones for an even count); 0 for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
