using Google.Protobuf;
using Siamese.Imaging;
using Siamese.Testing;

namespace Siamese.Match.Tests;

internal static class TestImages
{
    public static GrayImage Uniform(float value, int width = 20, int height = 24) =>
        new(width, height, Enumerable.Repeat(value, width * height).ToArray());

    /// <summary>A PNG of one gray level.</summary>
    public static ByteString Png(float value, int width = 20, int height = 24) =>
        ByteString.CopyFrom(ImageEncoder.EncodePng(Uniform(value, width, height)));

    /// <summary>
    /// A PNG of 10×12 blocks alternating between <paramref name="value"/> ± 20 (mean <paramref name="value"/>): sharp at
    /// the fake model's 8×8 input, where a uniform picture fails a blur gate.
    /// </summary>
    public static ByteString Textured(float value, int width = 40, int height = 48)
    {
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = value + ((((x / 10) + (y / 12)) % 2 == 0) ? 20 : -20);
            }
        }

        return ByteString.CopyFrom(ImageEncoder.EncodePng(new GrayImage(width, height, pixels)));
    }

    /// <summary>
    /// A PNG of one gray level, made <paramref name="bytes"/> long by a text chunk, which the decoder leaves out: a
    /// large request body whose pictures decode at once.
    /// </summary>
    public static byte[] Padded(float value, int bytes)
    {
        var png = Png(value).ToByteArray();
        var text = new byte[Math.Max(0, bytes - png.Length - 12)];
        "pad"u8.CopyTo(text); // keyword, NUL, then text: zeros decoders read past
        return PngChunkFiles.AfterHeader(png, PngChunkFiles.Chunk("tEXt", text));
    }
}
