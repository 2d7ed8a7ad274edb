namespace Siamese.Trainer.Training;

public enum PairScheme
{
    /// <summary>Pairs re-drawn each epoch from the training identities only; evaluation on unseen identities.</summary>
    Identity,

    /// <summary>
    /// Every pair within steps of P training identities × K images (genuine and impostor pairs weighted equally);
    /// steps re-drawn each epoch from the training identities only.
    /// </summary>
    Batch,

    /// <summary>The classic ORL scheme: 10,000 + 10,000 pairs over all identities, 75/25 split of pairs.</summary>
    Classic,
}
