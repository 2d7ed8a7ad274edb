using System.Globalization;

namespace Siamese.Trainer.Training;

/// <summary>
/// What a calibrated threshold rests on: the identities scored, their impostor pairs (images of two different
/// identities) and identity pairs. The threshold is the distance below which a share <see cref="TargetFar"/> of those
/// impostor pairs falls, so it is only as good as their number and variety: with few identities every impostor pair
/// comes from a handful of identity pairs, and the false-accept rate on new people can be many times the target
/// (a 20-class set, 2 validation identities: 13.6% on test for a 0.1% target).
/// </summary>
/// <param name="Identities">Identities whose images were scored.</param>
/// <param name="IdentityPairs">Pairs of those identities that were compared (within one fold when cross-validated).</param>
/// <param name="ImpostorPairs">Image pairs of different identities the threshold was read from.</param>
/// <param name="TargetFar">The false-accept rate it was calibrated for.</param>
/// <param name="Source">Where the pairs came from, e.g. "validation identities".</param>
/// <param name="SeenInTraining">The scored identities also trained the tower (no validation identities): optimistic.</param>
public sealed record CalibrationBasis(int Identities, long IdentityPairs, long ImpostorPairs, double TargetFar, string Source, bool SeenInTraining = false)
{
    /// <summary>Below this many identities the impostor pairs are too alike to stand for new people.</summary>
    public const int MinimumIdentities = Siamese.Model.CalibrationIdentities.Minimum;

    /// <summary>Impostor pairs the target lets under the threshold: below 1 the target cannot even be resolved.</summary>
    public double AcceptedPairs => TargetFar * ImpostorPairs;

    /// <summary>Why the threshold should not be trusted at its target, or null when the basis is broad enough.</summary>
    public string? Warning
    {
        get
        {
            var reasons = new List<string>();
            if (SeenInTraining)
            {
                reasons.Add("its identities also trained the tower, whose distances between them are smaller than between new people");
            }

            if (Identities < MinimumIdentities)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"only {Identities} identities ({IdentityPairs} identity {(IdentityPairs == 1 ? "pair" : "pairs")}) were scored, fewer than {MinimumIdentities}"));
            }

            if (AcceptedPairs < 1)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{ImpostorPairs:N0} impostor pairs cannot resolve a rate of {TargetFar:G3} (it needs at least {Math.Ceiling(1 / TargetFar):N0})"));
            }

            return reasons.Count == 0
                ? null
                : $"the threshold may accept far more strangers than the target: {string.Join("; ", reasons)}. " +
                  "Hold out more identities (--val-identities) or train on more classes, or raise --calibrate-far.";
        }
    }

    /// <summary>One line for the run's log.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"calibrated at FAR {TargetFar:G3} on {ImpostorPairs:N0} impostor pairs of {Identities} {Source} ({IdentityPairs:N0} identity {(IdentityPairs == 1 ? "pair" : "pairs")}; {Pairs(AcceptedPairs)} accepted at the target)");

    // "1 pair", "2.5 pairs": the noun follows the number as written.
    private static string Pairs(double count) => count.ToString("0.#", CultureInfo.InvariantCulture) is var written && written == "1" ? "1 pair" : $"{written} pairs";

    /// <summary>The basis of a set of scored images, given each one's identity.</summary>
    public static CalibrationBasis Of(IEnumerable<int> identityOfEachImage, double targetFar, string source, bool seenInTraining = false)
    {
        ArgumentNullException.ThrowIfNull(identityOfEachImage);
        var counts = identityOfEachImage.GroupBy(i => i).Select(g => (long)g.Count()).ToArray();
        var images = counts.Sum();
        var genuine = counts.Sum(n => n * (n - 1) / 2);
        return new CalibrationBasis(counts.Length, (long)counts.Length * (counts.Length - 1) / 2, (images * (images - 1) / 2) - genuine, targetFar, source, seenInTraining);
    }

    /// <summary>Pairs pooled over folds scored apart (cross-validation): identities add up, pairs within each fold only.</summary>
    public CalibrationBasis Plus(CalibrationBasis other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with { Identities = Identities + other.Identities, IdentityPairs = IdentityPairs + other.IdentityPairs, ImpostorPairs = ImpostorPairs + other.ImpostorPairs };
    }
}
