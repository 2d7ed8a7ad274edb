namespace Siamese.Trainer.Training;

/// <summary>The training objective on the tower's Euclidean distances.</summary>
public enum LossKind
{
    /// <summary>Contrastive (Hadsell et al. 2006): y·d² + (1−y)·max(margin − d, 0)² per pair.</summary>
    Contrastive,

    /// <summary>
    /// Supervised contrastive (Khosla et al. 2020) over every image of a P×K step: each image should be nearer its own
    /// identity's images than every other image of the step, softmax over −d²/(2τ) with temperature τ. Needs --pairs batch.
    /// </summary>
    SupCon,

    /// <summary>
    /// Multi-similarity (Wang et al. 2019) over every image of a P×K step: for each image, the positives less similar
    /// than its hardest negative (+0.1) are pulled in and the negatives more similar than its hardest positive (−0.1)
    /// pushed out, each set through a soft maximum (α = 2, β = 50, λ = 0.5 on cosine similarity). Needs --pairs batch.
    /// </summary>
    MultiSimilarity,
}
