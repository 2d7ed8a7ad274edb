namespace Siamese.Trainer.Evaluation;

/// <summary>Verification statistics over genuine and impostor distances; a pair is accepted when distance ≤ threshold.</summary>
public static class Roc
{
    /// <summary>Probability that a random impostor pair is farther apart than a random genuine pair (ties count half).</summary>
    public static double Auc(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor)
    {
        RequireBoth(genuine, impostor);
        var sorted = impostor.Order().ToArray();
        double wins = 0;
        foreach (var g in genuine)
        {
            var below = LowerBound(sorted, g);
            var notAbove = UpperBound(sorted, g);
            wins += (sorted.Length - notAbove) + (0.5 * (notAbove - below));
        }

        return wins / ((double)genuine.Count * sorted.Length);
    }

    /// <summary>One point per distinct distance, plus the "accept nothing" start, in increasing threshold order.</summary>
    public static IReadOnlyList<RocPoint> Curve(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor)
    {
        RequireBoth(genuine, impostor);
        var g = genuine.Order().ToArray();
        var i = impostor.Order().ToArray();
        var points = new List<RocPoint> { new(float.NegativeInfinity, 0, 0) };
        foreach (var t in g.Concat(i).Distinct().Order())
        {
            points.Add(new RocPoint(t, (double)UpperBound(i, t) / i.Length, (double)UpperBound(g, t) / g.Length));
        }

        return points;
    }

    /// <summary>
    /// Equal error rate: where the false-accept and false-reject rates cross, interpolated linearly between the
    /// two curve points around the crossing.
    /// </summary>
    public static double Eer(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor)
    {
        var curve = Curve(genuine, impostor);
        for (var k = 0; k < curve.Count; k++)
        {
            var diff = curve[k].Far - (1 - curve[k].Tar);
            if (diff < 0)
            {
                continue;
            }

            if (k == 0)
            {
                return (curve[0].Far + 1 - curve[0].Tar) / 2;
            }

            var previous = curve[k - 1].Far - (1 - curve[k - 1].Tar);
            var t = -previous / (diff - previous);
            return curve[k - 1].Far + (t * (curve[k].Far - curve[k - 1].Far));
        }

        return 0.5;
    }

    /// <summary>
    /// The largest threshold that accepts at most <paramref name="falseAcceptRate"/> of these impostor pairs
    /// (just below the first impostor distance it must reject).
    /// </summary>
    public static float ThresholdAtFar(IReadOnlyCollection<float> impostor, double falseAcceptRate)
    {
        ArgumentNullException.ThrowIfNull(impostor);
        if (impostor.Count == 0)
        {
            throw new ArgumentException("Calibration needs impostor pairs: at least 2 identities.", nameof(impostor));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(falseAcceptRate);
        var sorted = impostor.Order().ToArray();
        var allowed = (int)Math.Floor((falseAcceptRate * sorted.Length) + 1e-9);
        return allowed >= sorted.Length ? sorted[^1] : MathF.BitDecrement(sorted[allowed]);
    }

    /// <summary>True-accept rate at the threshold that gives <paramref name="falseAcceptRate"/> on these impostors.</summary>
    public static double TarAtFar(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, double falseAcceptRate)
        => Rates(genuine, impostor, ThresholdAtFar(impostor, falseAcceptRate)).Tar;

    public static RocPoint Rates(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, float threshold)
    {
        RequireBoth(genuine, impostor);
        return new RocPoint(
            threshold,
            (double)impostor.Count(d => d <= threshold) / impostor.Count,
            (double)genuine.Count(d => d <= threshold) / genuine.Count);
    }

    private static void RequireBoth(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        if (genuine.Count == 0 || impostor.Count == 0)
        {
            throw new ArgumentException("Verification needs both genuine and impostor pairs (identities with at least 2 images, and at least 2 identities).");
        }
    }

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }

        return lo;
    }

    private static int UpperBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }

        return lo;
    }
}
