namespace Siamese.Trainer.Evaluation;

/// <summary>
/// Open-set identification at the calibrated threshold: <see cref="UnknownRejected"/> is the share of probes of
/// non-enrolled identities answered "unknown"; <see cref="KnownCorrect"/> the share of enrolled probes answered
/// with the right identity within the threshold.
/// </summary>
public sealed record OpenSetResult(int Enrolled, int NotEnrolled, int Episodes, float Threshold, double UnknownRejected, double[] UnknownRejectedCi95, double KnownCorrect);
