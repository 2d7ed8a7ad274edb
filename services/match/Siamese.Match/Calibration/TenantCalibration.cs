namespace Siamese.Match.Calibration;

/// <summary>
/// A decision threshold and the evidence behind it: the false- and true-accept rates it achieves on the
/// calibration pairs, and how many pairs those rest on.
/// </summary>
public sealed record TenantCalibration(
    ThresholdSource Source,
    float Threshold,
    double TargetFalseAcceptRate,
    double FalseAcceptRate,
    double TrueAcceptRate,
    long GenuinePairs,
    long ImpostorPairs,
    int Samples,
    int Labels,
    string ModelId,
    DateTimeOffset? CalibratedAt)
{
    /// <summary>What a reader should know about the figures (too few pairs to resolve the target, and so on).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
