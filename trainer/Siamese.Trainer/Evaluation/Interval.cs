namespace Siamese.Trainer.Evaluation;

/// <summary>Confidence intervals for a share of successes.</summary>
public static class Interval
{
    /// <summary>Wilson score 95% interval (stays inside [0,1] and is honest near 100%, unlike the normal approximation).</summary>
    public static double[] Wilson95(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        const double z = 1.959963984540054;
        var p = (double)successes / trials;
        var denominator = 1 + (z * z / trials);
        var centre = (p + (z * z / (2 * trials))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / trials) + (z * z / (4.0 * trials * trials))) / denominator;
        return [Math.Max(0, centre - half), Math.Min(1, centre + half)];
    }
}
