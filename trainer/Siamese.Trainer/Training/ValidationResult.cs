using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Training;

/// <summary>Figures on the validation identities after an epoch; <see cref="Threshold"/> is calibrated at the target FAR.</summary>
public sealed record ValidationResult(double Loss, double Eer, double Auc, float Threshold)
{
    /// <summary>What <see cref="Threshold"/> rests on; null where the caller did not say.</summary>
    public CalibrationBasis? Basis { get; init; }

    /// <summary>The figure early stopping minimises.</summary>
    public double Score(SelectionKind selection) => selection == SelectionKind.Eer ? Eer : Loss;

    /// <summary>The figures of these pair distances: balanced contrastive loss, EER, AUC, threshold at <paramref name="calibrateFar"/>.</summary>
    public static ValidationResult Of(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, double margin, double calibrateFar) => new(
        ContrastiveLoss.Balanced(genuine, impostor, margin),
        Roc.Eer(genuine, impostor),
        Roc.Auc(genuine, impostor),
        Roc.ThresholdAtFar(impostor, calibrateFar));
}
