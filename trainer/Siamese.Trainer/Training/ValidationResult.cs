namespace Siamese.Trainer.Training;

/// <summary>Figures on the validation identities after an epoch; <see cref="Threshold"/> is calibrated at the target FAR.</summary>
public sealed record ValidationResult(double Loss, double Eer, double Auc, float Threshold)
{
    /// <summary>The figure early stopping minimises.</summary>
    public double Score(SelectionKind selection) => selection == SelectionKind.Eer ? Eer : Loss;
}
