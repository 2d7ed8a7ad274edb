namespace Siamese.Trainer.Evaluation;

/// <summary>N-way one-shot identification: share of episodes whose probe's nearest gallery image is its own identity.</summary>
public sealed record OneShotResult(int Ways, int Episodes, double Accuracy, double[] Ci95);
