using System.Buffers.Binary;
using System.IO.Hashing;
using Siamese.Testing;

namespace Siamese.Imaging.Tests;

/// <summary>
/// <see cref="ImageDecoder.Validate"/> is ingest's check at the door: it must reject what a decode rejects (truncated,
/// bit-flipped, random after the magic, too large) and accept every intact image, at the decoded size.
/// </summary>
public class ValidateTests
{
    public static TheoryData<string> Formats => ["png", "colour-png", "noisy-png", "jpeg", "noisy-jpeg", "pgm"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void AValidImageIsAcceptedAtItsDecodedSize(string format)
    {
        var bytes = Encode(format);

        var (width, height) = ImageDecoder.Validate(bytes);

        var decoded = ImageDecoder.DecodeGray(bytes);
        Assert.Equal((decoded.Width, decoded.Height), (width, height));
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryDamagedCopyTheDecoderRejectsIsRejected(string format)
    {
        var bytes = Encode(format);
        var random = new Random(5);
        var damaged = new List<(string Name, byte[] Bytes)>();
        for (var cut = 1; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 97))
        {
            damaged.Add(($"truncated to {cut}", bytes[..cut]));
        }

        for (var i = 0; i < 300; i++)
        {
            var copy = (byte[])bytes.Clone();
            var at = random.Next(copy.Length);
            copy[at] ^= (byte)(1 + random.Next(255));
            damaged.Add(($"byte {at} flipped", copy));
        }

        damaged.Add(("magic then random", [.. bytes[..8], .. Enumerable.Range(0, 500).Select(_ => (byte)random.Next(256))]));

        var rejectedByDecode = 0;
        foreach (var (name, copy) in damaged)
        {
            if (!DecodeRejects(copy))
            {
                // Where the decoder reads a damaged copy anyway (a PNG cut or damaged after its last row), Validate may
                // refuse it: every copy here is damaged, and a refused upload is one the camera sends again.
                continue;
            }

            rejectedByDecode++;
            var error = Record.Exception(() => ImageDecoder.Validate(copy));
            Assert.True(error is ImageDecodeException, $"{format}, {name}: the decoder rejects it, Validate gave {error?.GetType().Name ?? "no error"}");
        }

        Assert.True(rejectedByDecode > 50, $"only {rejectedByDecode} damaged copies were rejected by the decoder");
    }

    [Fact]
    public void APngDeclaringMorePixelsThanTheLimitIsTooLargeWithoutInflatingIt()
    {
        var bytes = ImageEncoder.EncodePng(TestImages.Gradient(400, 300));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Validate(bytes, new ImageLimits { MaxPixels = 100_000 }));

        Assert.Equal(ImageError.TooLarge, error.Error);
    }

    [Fact]
    public void AJpegOverThePixelLimitIsTooLarge()
    {
        var bytes = ImageEncoder.EncodeJpeg(TestImages.ColourBlocks(400, 300));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Validate(bytes, new ImageLimits { MaxPixels = 100_000 }));

        Assert.Equal(ImageError.TooLarge, error.Error);
    }

    [Fact]
    public void APngWithADamagedAncillaryChunkIsStillAnImageAsForTheDecoder()
    {
        var bytes = WithChunkBeforeIend(ImageEncoder.EncodePng(TestImages.Gradient(20, 10)), "tEXt", "Comment\0hello"u8.ToArray(), damageCrc: true);

        Assert.Equal((20, 10), ImageDecoder.Validate(bytes));
        Assert.Equal(20, ImageDecoder.DecodeGray(bytes).Width);
    }

    [Fact]
    public void APngWhoseImageDataIsInterruptedIsRejectedAsByTheDecoder()
    {
        // A damaged type byte turns the second of several IDAT chunks into an ancillary chunk the decoder skips.
        var bytes = ImageEncoder.EncodePng(Noise(400, 300));
        var second = FindChunk(bytes, "IDAT", skip: 1);
        bytes[second + 4] ^= 0x20;

        Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(bytes));
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Validate(bytes));
        Assert.Contains("interrupted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APngWhoseIntactChunksHoldAMalformedStreamPassesAndOnlyADecodeFindsIt()
    {
        // The documented boundary: the CRCs cover the compressed bytes as sent, so a stream damaged before its CRC was
        // computed passes the check at the door; detect's decode then fails the frame (a failed-frame result, not a loss).
        var bytes = ImageEncoder.EncodePng(TestImages.Gradient(64, 48));
        var idat = FindChunk(bytes, "IDAT");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(idat));
        for (var i = idat + 8 + 2; i < idat + 8 + length - 4; i++)
        {
            bytes[i] = 0xFF;
        }

        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(idat + 8 + length), Crc32.HashToUInt32(bytes.AsSpan(idat + 4, 4 + length)));

        Assert.Equal((64, 48), ImageDecoder.Validate(bytes));
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(bytes));
    }

    private static byte[] Encode(string format) => format switch
    {
        "png" => ImageEncoder.EncodePng(TestImages.Gradient(48, 40)),
        "colour-png" => ImageEncoder.EncodePng(TestImages.ColourBlocks(48, 40)),
        "jpeg" => ImageEncoder.EncodeJpeg(TestImages.ColourBlocks(48, 40)),

        // Large and incompressible: a PNG of several IDAT chunks, a JPEG of many entropy-coded blocks.
        "noisy-png" => ImageEncoder.EncodePng(Noise(400, 300)),
        "noisy-jpeg" => ImageEncoder.EncodeJpeg(NoiseRgb(400, 300)),
        _ => ImageEncoder.EncodePgm(TestImages.Gradient(48, 40)),
    };

    private static GrayImage Noise(int width, int height)
    {
        var random = new Random(3);
        return new GrayImage(width, height, [.. Enumerable.Range(0, width * height).Select(_ => (float)random.Next(256))]);
    }

    private static RgbImage NoiseRgb(int width, int height)
    {
        var random = new Random(4);
        return new RgbImage(width, height, [.. Enumerable.Range(0, width * height * 3).Select(_ => (byte)random.Next(256))]);
    }

    private static bool DecodeRejects(byte[] bytes)
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

    private static int FindChunk(byte[] png, string type, int skip = 0)
    {
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(png, at + 4, 4) == type && skip-- == 0)
            {
                return at;
            }

            at += 12 + length;
        }

        throw new InvalidOperationException($"no {type} chunk");
    }

    private static byte[] WithChunkBeforeIend(byte[] png, string type, byte[] data, bool damageCrc)
    {
        var iend = FindChunk(png, "IEND");
        var chunk = PngChunkFiles.Chunk(type, data);
        if (damageCrc)
        {
            chunk[^1] ^= 0xFF;
        }

        return [.. png[..iend], .. chunk, .. png[iend..]];
    }
}
