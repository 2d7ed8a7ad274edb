namespace Siamese.Trainer.Data;

/// <summary>
/// New training classes from old ones: each training image turned by 90°, 180° and 270° (square inputs) is an image of
/// a class of its own. For glyphs a turned character is another character (the usual Omniglot practice); never for
/// faces or items, where it would be the same identity.
/// </summary>
public static class RotatedClasses
{
    /// <summary>
    /// <paramref name="inputs"/> and <paramref name="ids"/> with the turned copies of <paramref name="trainImages"/> appended
    /// (identity id + k × <paramref name="identities"/> for the k-th quarter turn), and the training images with them.
    /// </summary>
    public static (IReadOnlyList<float[]> Inputs, IReadOnlyList<int> Ids, int[] TrainImages) Add(
        IReadOnlyList<float[]> inputs, IReadOnlyList<int> ids, int[] trainImages, int identities, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(trainImages);
        var allInputs = new List<float[]>(inputs);
        var allIds = new List<int>(ids);
        var train = new List<int>(trainImages);
        foreach (var k in QuarterTurns(height, width))
        {
            foreach (var i in trainImages)
            {
                train.Add(allInputs.Count);
                allInputs.Add(Turn(inputs[i], height, width, k));
                allIds.Add(ids[i] + (k * identities));
            }
        }

        return (allInputs, allIds, [.. train]);
    }

    /// <summary>The most images a training image becomes (<see cref="Copies"/> of a square input): itself and three quarter turns.</summary>
    public const int MaximumCopies = 4;

    /// <summary>How many images each training image becomes: itself and its turns (4 for a square input, else 2).</summary>
    public static int Copies(int height, int width) => QuarterTurns(height, width).Length + 1;

    /// <summary>The quarter turns that keep the input's shape: all three for a square input, the half turn otherwise.</summary>
    private static int[] QuarterTurns(int height, int width) => height == width ? [1, 2, 3] : [2];

    /// <summary><paramref name="image"/> (row-major, one channel) turned clockwise by <paramref name="quarterTurns"/> × 90°.</summary>
    public static float[] Turn(float[] image, int height, int width, int quarterTurns)
    {
        ArgumentNullException.ThrowIfNull(image);
        var turned = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var source = (quarterTurns % 4) switch
                {
                    1 => ((height - 1 - x) * width) + y,
                    2 => ((height - 1 - y) * width) + (width - 1 - x),
                    3 => (x * width) + (width - 1 - y),
                    _ => (y * width) + x,
                };
                turned[(y * width) + x] = image[source];
            }
        }

        return turned;
    }
}
