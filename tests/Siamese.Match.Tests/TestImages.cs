using Google.Protobuf;
using Siamese.Imaging;

namespace Siamese.Match.Tests;

internal static class TestImages
{
    public static GrayImage Uniform(float value, int width = 20, int height = 24) =>
        new(width, height, Enumerable.Repeat(value, width * height).ToArray());

    /// <summary>A PNG of one gray level.</summary>
    public static ByteString Png(float value, int width = 20, int height = 24) =>
        ByteString.CopyFrom(ImageEncoder.EncodePng(Uniform(value, width, height)));
}
