using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>A loaded dataset, its identity split and the preprocessed inputs, ready to train or evaluate on.</summary>
public sealed record PreparedData(string Name, ImageSet Set, IdentitySplit Split, PixelStatistics Pixels)
{
    public GrayDataset Dataset => Set.Dataset;

    public int[] TrainImages => Dataset.ImagesOf(Split.Train);

    public int[] ValidationImages => Dataset.ImagesOf(Split.Validation);

    public int[] TestImages => Dataset.ImagesOf(Split.Test);

    /// <summary>
    /// How many images at the end of <see cref="Dataset"/> are --gallery images of training identities that train with
    /// their class (<see cref="Training.TrainingPipeline.WithTrainingGallery"/>); the images before them are --data's.
    /// </summary>
    public int GalleryImages { get; init; }

    /// <summary>--data's images alone, without the training classes' gallery images.</summary>
    public GrayDataset Photos => GalleryImages == 0 ? Dataset : Dataset.Take(Dataset.Items.Count - GalleryImages);

    /// <summary>Splits by identity (unless a split is given), measures pixel statistics on training images only, preprocesses.</summary>
    public static PreparedData Create(string name, GrayDataset dataset, int inputHeight, int inputWidth, Func<IReadOnlyList<string>, IdentitySplit> split, PixelStatistics? pixels = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(split);
        var usable = dataset.Identities.Where(label => dataset.ImagesOf([label]).Length >= 2).ToArray();
        var identitySplit = split(usable);
        var measured = pixels ?? PixelStatistics.Measure(dataset.ImagesOf(identitySplit.Train).Select(i => dataset.Images[i]), inputHeight, inputWidth);
        var set = new ImageSet(dataset, new Preprocessor(inputHeight, inputWidth, measured.Mean, measured.Std));
        return new PreparedData(name, set, identitySplit, measured);
    }
}
