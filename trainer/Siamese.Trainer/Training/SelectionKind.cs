namespace Siamese.Trainer.Training;

/// <summary>What "a better epoch" means for early stopping and for the weights a run keeps.</summary>
public enum SelectionKind
{
    /// <summary>Lower balanced contrastive loss on the validation identities.</summary>
    Loss,

    /// <summary>Lower equal-error rate on the validation identities (any loss; what the threshold is used for).</summary>
    Eer,
}
