using System.Buffers.Binary;
using System.Text;
using Siamese.Testing;

namespace Siamese.Imaging.Tests;

/// <summary>Builders for the byte streams the tests feed to the decoders.</summary>
internal static class TestImages
{
    /// <summary>A header written as ASCII followed by raw bytes.</summary>
    public static byte[] Netpbm(string header, params byte[] raster) => [.. Encoding.Latin1.GetBytes(header), .. raster];

    /// <summary>A gradient with distinct values everywhere, so crops and round-trips are checked pixel by pixel.</summary>
    public static GrayImage Gradient(int width, int height)
    {
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = ((x * 7) + (y * 13)) % 256;
            }
        }

        return new GrayImage(width, height, pixels);
    }

    public static RgbImage ColourBlocks(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                rgb[i] = (byte)(x < width / 2 ? 200 : 30);
                rgb[i + 1] = (byte)(y < height / 2 ? 180 : 60);
                rgb[i + 2] = 90;
            }
        }

        return new RgbImage(width, height, rgb);
    }

    /// <summary>A syntactically valid PNG whose header declares the given size (the pixel data is not there).</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        stream.Write(PngChunkFiles.Chunk("IHDR", ihdr));
        stream.Write(PngChunkFiles.Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
        stream.Write(PngChunkFiles.Chunk("IEND", []));
        return stream.ToArray();
    }
}
