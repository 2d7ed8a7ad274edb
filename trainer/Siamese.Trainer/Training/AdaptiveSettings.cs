namespace Siamese.Trainer.Training;

/// <summary>
/// Settings the command line left to the data: chosen once the images are loaded (<see cref="AdaptiveDefaults"/>),
/// each printed with its reason, then fixed in the run's options (so a resumed run keeps them).
/// </summary>
[Flags]
public enum AdaptiveSettings
{
    None = 0,

    /// <summary>Model input size from the images' median size and aspect.</summary>
    InputSize = 1,

    /// <summary>Pairs per epoch from the number of training images.</summary>
    Budget = 2,

    /// <summary>The tower from the kind of data (its reason is printed; the choice itself is made by the command line).</summary>
    Tower = 4,

    /// <summary>Conv tower: pairs scheme, loss and best-epoch figure from the number of training identities.</summary>
    Recipe = 8,

    /// <summary>The augmentation from the kind of data (strokes on paper vary more in place, size and slant).</summary>
    Augmentation = 16,

    All = InputSize | Budget | Tower | Recipe | Augmentation,
}
