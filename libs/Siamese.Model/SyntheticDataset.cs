using System.Globalization;
using Siamese.Imaging;
using Siamese.Model.Synthetic;

namespace Siamese.Model;

/// <summary>
/// Generated "retail items" for machines without the shared datasets: a folder per class
/// (<c>item-001/01.png</c> …), each class one drawn item (shape, texture, label band, logo, gray levels),
/// each image that item with a small random shift, scale, rotation, lighting change and sensor noise.
/// Learnable by a small CNN, yet raw pixel distance is not a perfect matcher. Deterministic for a seed.
/// </summary>
public static class SyntheticDataset
{
    public static IReadOnlyList<LabeledImage> Generate(string outputDirectory, int classes, int perClass, int seed, int width = 92, int height = 112)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perClass);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 16);

        var labelDigits = Math.Max(3, classes.ToString(CultureInfo.InvariantCulture).Length);
        var fileDigits = Math.Max(2, perClass.ToString(CultureInfo.InvariantCulture).Length);
        var images = new List<LabeledImage>(classes * perClass);
        for (var c = 0; c < classes; c++)
        {
            // Separate streams for the item and its views: the same class looks the same whatever perClass is.
            var item = SyntheticItem.Create(new Random(Mix(seed, c, 1)), c);
            var views = new Random(Mix(seed, c, 2));
            var label = "item-" + (c + 1).ToString("D" + labelDigits, CultureInfo.InvariantCulture);
            var folder = Path.Combine(outputDirectory, label);
            Directory.CreateDirectory(folder);
            for (var i = 0; i < perClass; i++)
            {
                var image = item.Render(width, height, SyntheticView.Sample(views), views);
                var path = Path.Combine(folder, (i + 1).ToString("D" + fileDigits, CultureInfo.InvariantCulture) + ".png");
                File.WriteAllBytes(path, ImageEncoder.EncodePng(image));
                images.Add(new LabeledImage(label, path));
            }
        }

        return images;
    }

    /// <summary>A fixed integer mix (not <see cref="HashCode"/>, which is randomised per process).</summary>
    private static int Mix(int seed, int index, int stream)
    {
        unchecked
        {
            var h = (uint)seed * 0x9E3779B1u;
            h ^= (uint)index * 0x85EBCA77u + (h << 6) + (h >> 2);
            h ^= (uint)stream * 0xC2B2AE3Du + (h << 6) + (h >> 2);
            h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
