using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>A dataset turned into model inputs by THE shared <see cref="Preprocessor"/> (so offline and served numbers agree).</summary>
public sealed class ImageSet
{
    public ImageSet(GrayDataset dataset, Preprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(preprocessor);
        Dataset = dataset;
        Preprocessor = preprocessor;
        var inputs = new float[dataset.Images.Count][];
        Parallel.For(0, inputs.Length, i => inputs[i] = preprocessor.ToTensor(dataset.Images[i]));
        Inputs = inputs;
    }

    public GrayDataset Dataset { get; }

    public Preprocessor Preprocessor { get; }

    /// <summary>One [H,W] plane per image, row-major, normalised.</summary>
    public IReadOnlyList<float[]> Inputs { get; }

    public int Count => Inputs.Count;
}
