namespace Siamese.Trainer.Towers;

public static class TowerFactory
{
    /// <summary>Builds a tower with fresh weights, in training mode.</summary>
    public static Tower Create(TowerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InputHeight <= 0 || options.InputWidth <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Input size {options.InputHeight}×{options.InputWidth} must be positive.");
        }

        if (options.EmbeddingDimension < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Embedding dimension {options.EmbeddingDimension} must be positive (0 = the architecture's default).");
        }

        if (options.Dropout > 1 || double.IsNaN(options.Dropout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Dropout {options.Dropout} must be in [0, 1] (negative = the architecture's default).");
        }

        if (options.Channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Input channels {options.Channels} must be 1 (gray) or 3 (RGB).");
        }

        return options.Kind switch
        {
            TowerKind.Baseline => new BaselineTower(options),
            TowerKind.Conv => new ConvTower(options),
            TowerKind.Patch => new PatchTower(options),
            TowerKind.Backbone => new BackboneTower(options),
            TowerKind.Face => new FaceTower(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown tower kind '{options.Kind}'."),
        };
    }

    /// <summary>Builds a tower with <paramref name="options"/> and loads a checkpoint into it.</summary>
    public static Tower Load(TowerOptions options, string path)
    {
        var tower = Create(options);
        tower.LoadWeights(path);
        return tower;
    }
}
