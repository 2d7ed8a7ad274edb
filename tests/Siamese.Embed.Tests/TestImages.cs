using Google.Protobuf;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

internal static class TestImages
{
    /// <summary>A uniform gray image.</summary>
    public static GrayImage Uniform(int width, int height, float value) =>
        new(width, height, Enumerable.Repeat(value, width * height).ToArray());

    public static Crop PngCrop(int width, int height, float value) =>
        new() { Image = ByteString.CopyFrom(ImageEncoder.EncodePng(Uniform(width, height, value))) };

    public static Crop PixelCrop(int width, int height, float value)
    {
        var pixels = new GrayPixels { Width = width, Height = height };
        pixels.Values.AddRange(Enumerable.Repeat(value, width * height));
        return new Crop { Pixels = pixels };
    }
}
