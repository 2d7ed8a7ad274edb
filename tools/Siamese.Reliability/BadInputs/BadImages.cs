using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Siamese.Imaging;

namespace Siamese.Reliability.BadInputs;

/// <summary>
/// Encoded images no service should accept: empty and random bytes, truncations and header corruptions of valid PNG,
/// JPEG, GIF, BMP and PGM files, and dimension bombs (a small file declaring a huge picture). Every candidate is checked
/// with the project's own decoder and dropped when it decodes anyway, so each one left is really bad. Seeded.
/// </summary>
public static class BadImages
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Create(int seed = 13)
    {
        var random = new Random(seed);
        var gray = Gradient(48, 40);
        var rgb = new RgbImage(48, 40, [.. Enumerable.Range(0, 48 * 40 * 3).Select(i => (byte)(i * 7))]);
        var valid = new (string Name, byte[] Bytes)[]
        {
            ("png", ImageEncoder.EncodePng(gray)),
            ("jpeg", ImageEncoder.EncodeJpeg(rgb)),
            ("pgm", ImageEncoder.EncodePgm(gray)),
        };

        var candidates = new List<(string, byte[])> { ("empty", []) };
        foreach (var length in new[] { 1, 2, 7, 16, 100, 1000, 10_000 })
        {
            candidates.Add(($"random-{length}", Random(random, length)));
        }

        foreach (var (name, bytes) in valid)
        {
            foreach (var fraction in new[] { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95 })
            {
                candidates.Add(($"{name}-truncated-{fraction:0.00}", bytes[..(int)(bytes.Length * fraction)]));
            }

            for (var i = 0; i < 12; i++)
            {
                var corrupt = (byte[])bytes.Clone();
                var at = random.Next(Math.Min(corrupt.Length, 32));
                corrupt[at] ^= (byte)(1 + random.Next(255));
                candidates.Add(($"{name}-header-flip-{i}", corrupt));
            }

            candidates.Add(($"{name}-magic-then-random", [.. bytes[..8], .. Random(random, 500)]));
        }

        candidates.Add(("gif-magic-only", Encoding.ASCII.GetBytes("GIF89a")));
        candidates.Add(("gif-header-random", [.. Encoding.ASCII.GetBytes("GIF89a"), .. Random(random, 200)]));
        candidates.Add(("bmp-magic-random", [.. "BM"u8.ToArray(), .. Random(random, 200)]));
        candidates.Add(("webp-magic-random", [.. "RIFF"u8.ToArray(), 0, 1, 0, 0, .. "WEBPVP8 "u8.ToArray(), .. Random(random, 200)]));
        candidates.Add(("pgm-huge-header", Encoding.ASCII.GetBytes("P5\n100000 100000\n255\n")));
        candidates.Add(("pgm-negative", Encoding.ASCII.GetBytes("P5\n-5 10\n255\n")));
        candidates.Add(("pgm-maxval-0", Encoding.ASCII.GetBytes("P5\n4 4\n0\n0123456789abcdef")));
        candidates.Add(("pgm-maxval-huge", Encoding.ASCII.GetBytes("P5\n4 4\n99999999\n0123456789abcdef")));
        candidates.Add(("pgm-ascii-garbage", Encoding.ASCII.GetBytes("P2\n3 3\n255\n1 2 x 4 5 6 7 8 9")));
        candidates.Add(("pgm-short", Encoding.ASCII.GetBytes("P5\n64 64\n255\n").Concat(new byte[100]).ToArray()));
        candidates.Add(("ppm-huge-header", Encoding.ASCII.GetBytes("P6\n70000 70000\n255\n")));
        candidates.Add(("pgm-comment-flood", Encoding.ASCII.GetBytes("P5\n" + string.Concat(Enumerable.Repeat("# x\n", 5000)))));
        candidates.Add(("png-dimension-bomb", PngDeclaring(50_000, 50_000)));
        candidates.Add(("png-zero-width", PngDeclaring(0, 10)));
        candidates.Add(("png-dimension-bomb-tall", PngDeclaring(1, int.MaxValue)));
        candidates.Add(("text", Encoding.UTF8.GetBytes("this is not an image, it is text")));
        candidates.Add(("html", Encoding.UTF8.GetBytes("<html><body>hello</body></html>")));
        candidates.Add(("json", Encoding.UTF8.GetBytes("{\"image\": \"nope\"}")));
        candidates.Add(("zeros-4k", new byte[4096]));
        candidates.Add(("ff-4k", Enumerable.Repeat((byte)0xFF, 4096).ToArray()));

        return [.. candidates.Where(c => IsBad(c.Item2))];
    }

    /// <summary>True when the project's decoder refuses the bytes (with default limits).</summary>
    public static bool IsBad(byte[] bytes)
    {
        try
        {
            ImageDecoder.DecodeGray(bytes);
            return false;
        }
        catch (ImageDecodeException)
        {
            return true;
        }
    }

    /// <summary>A small, well-formed PNG whose header declares <paramref name="width"/>×<paramref name="height"/> (one row of data).</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 0;
        Chunk(png, "IHDR", ihdr);
        using var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(new byte[Math.Min(Math.Max(width, 0), 100_000) + 1]);
        }

        Chunk(png, "IDAT", deflated.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typed));
        png.Write(crc);
    }

    private static GrayImage Gradient(int width, int height) =>
        new(width, height, [.. Enumerable.Range(0, width * height).Select(i => (float)((i % width * 5) + (i / width * 3)) % 256)]);

    private static byte[] Random(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
