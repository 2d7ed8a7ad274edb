using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detection.Tests;

/// <summary>ORL faces, the YuNet model and small image helpers.</summary>
internal static class TestData
{
    private static readonly Lazy<YuNetDetector> SharedDetector = new(() => new YuNetDetector(SharedData.YuNetModel!));

    /// <summary>One detector for the whole test run (sessions are thread-safe; loading one costs ~100 ms).</summary>
    public static YuNetDetector Detector => SharedDetector.Value;

    public static FaceCropper Cropper(int width = 46, int height = 56) => new(Detector, new FaceAligner(width, height));

    public static GrayImage OrlFace(int subject, int image) =>
        ImageDecoder.LoadGray(Path.Combine(SharedData.OrlFaces!, $"s{subject}", $"{image}.pgm"));

    public static IEnumerable<GrayImage> AllOrlFaces()
    {
        for (var s = 1; s <= 40; s++)
        {
            for (var i = 1; i <= 10; i++)
            {
                yield return OrlFace(s, i);
            }
        }
    }

    public static double MeanAbsDifference(GrayImage a, GrayImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        return a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();
    }

    public static GrayImage Uniform(int width, int height, float level)
    {
        var pixels = new float[width * height];
        Array.Fill(pixels, level);
        return new GrayImage(width, height, pixels);
    }
}
