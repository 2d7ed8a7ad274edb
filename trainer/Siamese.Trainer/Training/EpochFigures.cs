namespace Siamese.Trainer.Training;

/// <summary>Held-out figures after <paramref name="Epoch"/> epochs (0 = the closed-form start).</summary>
/// <param name="Accuracy">N-way one-shot accuracy; NaN when no fold had two identities.</param>
public sealed record EpochFigures(int Epoch, double Accuracy, double Eer);
