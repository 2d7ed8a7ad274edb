namespace Siamese.Testing;

/// <summary>One run: per-frame results and latency percentiles from POST to finished result.</summary>
public sealed record LoadResult(IReadOnlyList<FrameOutcome> Frames, TimeSpan Elapsed)
{
    public double FramesPerSecond => Frames.Count / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        var sorted = Frames.Select(f => f.Latency.TotalMilliseconds).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank];
    }
}
