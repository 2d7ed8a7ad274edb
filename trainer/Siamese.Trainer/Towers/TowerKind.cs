namespace Siamese.Trainer.Towers;

/// <summary>Which tower architecture to build.</summary>
public enum TowerKind
{
    /// <summary>The classic ORL baseline: conv 6 and 12 filters 3×3 + ReLU, max-pool, dropout, dense 128, dense 50.</summary>
    Baseline,

    /// <summary>The stronger default (see the README for the measured comparison).</summary>
    Default,
}
