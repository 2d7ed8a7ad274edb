namespace Siamese.Trainer.Evaluation;

/// <summary>Identification with the FIRST image (scan order) of each identity enrolled and every other image probed.</summary>
public sealed record GalleryFirstResult(double Accuracy, int Ways, int Probes);
