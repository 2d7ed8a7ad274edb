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
        const int Signature = 8, Header = 8 + 13 + 4; // the IHDR chunk: length, type, 13 bytes, CRC
        var data = new byte[Math.Max(0, bytes - png.Length - 12)];
        var chunk = new byte[12 + data.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "tEXt"u8.CopyTo(chunk.AsSpan(4));
        "pad"u8.CopyTo(data); // keyword, NUL, then text: zeros decoders read past
        data.CopyTo(chunk, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, Signature + Header), .. chunk, .. png.AsSpan(Signature + Header)];
    }
}
