namespace Siamese.Trainer.Training;

/// <summary>What "a better epoch" means for early stopping and for the weights a run keeps.</summary>
public enum SelectionKind
{
    /// <summary>Lower balanced contrastive loss on the validation identities.</summary>
    Loss,

    /// <summary>Lower equal-error rate on the validation identities (any loss; what the threshold is used for).</summary>
    Eer,

    /// <summary>
    /// The schedule's last epoch (no early stop; validation is still scored each epoch for the record). What a refit
    /// run keeps (<see cref="TrainOptions.Refit"/>): its threshold is then calibrated on a model trained as long as the
    /// refit model it ships with.
    /// </summary>
    Last,
}
