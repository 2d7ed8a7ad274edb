using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Data;

namespace Siamese.Benchmarks;

/// <summary>
/// Training images for the trainer-throughput benchmark at the tower's input size, normalised as the trainer
/// normalises them: the 400 ORL faces when ../shared has them, else 400 seeded noise images in 40 identities
/// (a tower's step costs the same whatever the pixels).
/// </summary>
/// <remarks>
/// A tower that trains on other inputs (the backbone tower's head on cached features) is measured by giving
/// <see cref="Inputs"/> of its own input shape: the benchmark only needs images (or features), their identities
/// and the pixel statistics the augmenter uses.
/// </remarks>
internal sealed record TrainerWorkload(IReadOnlyList<float[]> Inputs, IReadOnlyList<int> Identities, PixelStatistics Pixels, string Description)
{
    public static TrainerWorkload Load(int height, int width)
    {
        var random = new Random(5);
        var images = new List<GrayImage>();
        var identities = new List<int>();
        var orl = SharedData.OrlFaces;
        for (var s = 0; s < 40; s++)
        {
            for (var i = 0; i < 10; i++)
            {
                var path = orl is null ? null : Path.Combine(orl, $"s{s + 1}", $"{i + 1}.pgm");
                images.Add(path is not null && File.Exists(path)
                    ? ImageDecoder.LoadGray(path).Resize(width, height)
                    : new GrayImage(width, height, [.. Enumerable.Range(0, width * height).Select(_ => random.NextSingle() * 255)]));
                identities.Add(s);
            }
        }

        var pixels = PixelStatistics.Measure(images, height, width);
        var inputs = images.Select(image => image.Pixels.Select(p => ((p / 255f) - pixels.Mean) / pixels.Std).ToArray()).ToList();
        return new TrainerWorkload(inputs, identities, pixels, orl is null ? "400 seeded noise images, 40 identities (no ORL faces found)" : "ORL faces, 400 images, 40 identities");
    }
}
