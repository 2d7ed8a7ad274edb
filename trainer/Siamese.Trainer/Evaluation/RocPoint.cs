namespace Siamese.Trainer.Evaluation;

/// <summary>Accept when distance ≤ <paramref name="Threshold"/>: share of impostor pairs accepted (FAR) and genuine accepted (TAR).</summary>
public readonly record struct RocPoint(float Threshold, double Far, double Tar);
