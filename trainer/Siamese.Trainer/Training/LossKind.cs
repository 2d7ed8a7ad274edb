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
}
