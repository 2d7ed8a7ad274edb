namespace Siamese.Trainer.Towers;

/// <summary>Which tower architecture to build.</summary>
public enum TowerKind
{
    /// <summary>The classic ORL baseline: conv 6 and 12 filters 3×3 + ReLU, max-pool, dropout, dense 128, dense 50.</summary>
    Baseline,

    /// <summary>Four conv blocks whose descriptor grid is the embedding, trained with a contrastive-family loss (the default for gray images without alignment).</summary>
    Conv,

    /// <summary>Nine overlapping patches, each whitened by a closed-form fit (<see cref="PatchTower"/>): the named baseline, and the start of <see cref="Face"/>.</summary>
    Patch,

    /// <summary>
    /// The ImageNet ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 as the shared feature extractor (fixed), and a
    /// head trained on its features with a contrastive-family loss (<see cref="BackboneTower"/>); the default for item photos.
    /// </summary>
    Backbone,

    /// <summary>
    /// The default for aligned faces: the patch maps fitted in closed form as the start, then trained on sets of images
    /// with a contrastive-family loss (<see cref="FaceTower"/>; README for the measurements).
    /// </summary>
    Face,
}
