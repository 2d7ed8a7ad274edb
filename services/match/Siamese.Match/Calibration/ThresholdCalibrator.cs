using System.Globalization;
using System.Numerics.Tensors;
using Siamese.Model;

namespace Siamese.Match.Calibration;

/// <summary>
/// The threshold for a target false-accept rate over labelled embeddings: every same-label pair is genuine, every
/// different-label pair an impostor; the threshold is the largest distance that accepts at most the target share of
/// impostor pairs (just below the first impostor distance it must reject), the rule the trainer calibrates with.
/// </summary>
public static class ThresholdCalibrator
{
    /// <summary>Most embeddings one calibration takes: pairs grow with the square (5,000 → 12.5 million pairs).</summary>
    public const int MaxSamples = 5_000;

    /// <summary>Refuses a target false-accept rate outside (0, 0.5].</summary>
    public static void CheckTarget(double targetFalseAcceptRate)
    {
        if (!(targetFalseAcceptRate > 0 && targetFalseAcceptRate <= 0.5))
        {
            throw new ArgumentException(
                $"Target false-accept rate {targetFalseAcceptRate.ToString(CultureInfo.InvariantCulture)} is out of range: use a rate in (0, 0.5], for example 0.01.");
        }
    }

    /// <summary>Refuses a calibration of more than <see cref="MaxSamples"/> images and embeddings.</summary>
    public static void CheckSampleCount(int count)
    {
        if (count > MaxSamples)
        {
            throw new ArgumentException($"The calibration has {count} images and embeddings; at most {MaxSamples} are used in one calibration.");
        }
    }

    public static TenantCalibration Calibrate(
        IReadOnlyList<(string Label, float[] Vector)> samples, double targetFalseAcceptRate, string modelId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(samples);
        CheckTarget(targetFalseAcceptRate);
        CheckSampleCount(samples.Count);

        var labels = samples.Select(s => s.Label).Distinct(StringComparer.Ordinal).Count();
        var genuine = new List<float>();
        var impostor = new List<float>();
        (string, string)? sameAcrossLabels = null;
        for (var i = 0; i < samples.Count; i++)
        {
            for (var j = i + 1; j < samples.Count; j++)
            {
                var d = TensorPrimitives.Distance(samples[i].Vector, samples[j].Vector);
                var same = string.Equals(samples[i].Label, samples[j].Label, StringComparison.Ordinal);
                (same ? genuine : impostor).Add(d);
                if (!same && d == 0)
                {
                    sameAcrossLabels ??= (samples[i].Label, samples[j].Label);
                }
            }
        }

        if (labels < 2 || genuine.Count == 0)
        {
            throw new ArgumentException(
                $"Calibration needs at least two labels and at least one label with two images (got {samples.Count} usable images of {labels} labels, " +
                $"{genuine.Count} same-label pairs): send several images of each of several people or items.");
        }

        impostor.Sort();
        var allowed = (int)Math.Floor((targetFalseAcceptRate * impostor.Count) + 1e-9);
        var threshold = allowed >= impostor.Count ? impostor[^1] : MathF.BitDecrement(impostor[allowed]);
        if (threshold <= 0)
        {
            // An impostor pair at distance 0 is one picture sent under two labels (or two the model cannot tell apart at
            // all); a threshold below it accepts no probe ever, so it is refused rather than stored.
            var (a, b) = sameAcrossLabels ?? ("?", "?");
            throw new ArgumentException(
                $"The threshold would be 0, which accepts no one: {impostor.Count(d => d == 0)} pairs of different labels have identical embeddings " +
                $"(labels '{a}' and '{b}' first): the same picture sent under two labels? Relabel or remove it and calibrate again.");
        }

        var far = (double)impostor.Count(d => d <= threshold) / impostor.Count;
        var tar = (double)genuine.Count(d => d <= threshold) / genuine.Count;
        var notes = new List<string>();
        if (labels < CalibrationIdentities.Minimum)
        {
            // Thousands of impostor pairs of a few labels stand for a few look-alike pairs, not for strangers in general.
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Only {labels} labels ({labels * (labels - 1) / 2} pairs of labels): every impostor pair comes from those, so the false-accept rate " +
                $"on other people or items can be many times the target; calibrate on {CalibrationIdentities.Minimum} labels or more."));
        }

        if (impostor.Count * targetFalseAcceptRate < 10)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Only {impostor.Count} impostor pairs: a false-accept rate of {targetFalseAcceptRate:G3} rests on fewer than 10 of them; " +
                $"about {Math.Ceiling(10 / targetFalseAcceptRate):0} pairs (more labels) would measure it."));
        }

        if (genuine.Count < 30)
        {
            notes.Add($"Only {genuine.Count} genuine pairs: the true-accept rate is a rough figure; send more images per label.");
        }

        return new TenantCalibration(ThresholdSource.Tenant, threshold, targetFalseAcceptRate, far, tar, genuine.Count, impostor.Count,
            samples.Count, labels, modelId, now) { Notes = notes };
    }
}
