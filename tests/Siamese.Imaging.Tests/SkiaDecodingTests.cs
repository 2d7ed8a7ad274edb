namespace Siamese.Imaging.Tests;

public class SkiaDecodingTests
{
    [Fact]
    public void PngRoundTripKeepsEveryGrayPixel()
    {
        var original = TestImages.Gradient(31, 17);

        var decoded = ImageDecoder.DecodeGray(ImageEncoder.EncodePng(original));

        Assert.Equal(original.Width, decoded.Width);
        Assert.Equal(original.Height, decoded.Height);
        for (var i = 0; i < original.Pixels.Length; i++)
        {
            Assert.Equal(original.Pixels[i], decoded.Pixels[i], 0.51f);
        }
    }

    [Fact]
    public void ColourPngRoundTripKeepsRgb()
    {
        var original = TestImages.ColourBlocks(12, 8);

        var decoded = ImageDecoder.DecodeRgb(ImageEncoder.EncodePng(original));

        Assert.Equal(original.Rgb, decoded.Rgb);
    }

    [Fact]
    public void JpegRoundTripIsCloseAndGrayIsBt601Luma()
    {
        var original = TestImages.ColourBlocks(32, 32);

        var decoded = ImageDecoder.DecodeGray(ImageEncoder.EncodeJpeg(original, 95));

        // Top-left block is (200, 180, 90); JPEG is lossy, so only approximately.
        var expected = (0.299f * 200) + (0.587f * 180) + (0.114f * 90);
        Assert.Equal(32, decoded.Width);
        Assert.InRange(decoded[4, 4], expected - 4, expected + 4);
    }

    [Fact]
    public void PgmEncoderRoundTripsThroughTheNetpbmReader()
    {
        var original = TestImages.Gradient(9, 5);

        var decoded = ImageDecoder.DecodeGray(ImageEncoder.EncodePgm(original));

        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [Fact]
    public void EmptyInputIsEmpty()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray([]));

        Assert.Equal(ImageError.Empty, error.Error);
    }

    [Fact]
    public void UnknownBytesAreUnsupported()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeRgb("hello, world"u8));

        Assert.Equal(ImageError.UnsupportedFormat, error.Error);
        Assert.False(ImageDecoder.LooksLikeImage("hello, world"u8));
    }

    [Fact]
    public void FormatsAreSniffedByMagicNumber()
    {
        Assert.True(ImageDecoder.LooksLikeImage(ImageEncoder.EncodePng(TestImages.Gradient(2, 2))));
        Assert.True(ImageDecoder.LooksLikeImage(ImageEncoder.EncodeJpeg(TestImages.ColourBlocks(2, 2))));
        Assert.True(ImageDecoder.LooksLikeImage("GIF89a......"u8));
        Assert.True(ImageDecoder.LooksLikeImage("RIFF\0\0\0\0WEBPVP8 "u8));
        Assert.True(ImageDecoder.LooksLikeImage("P5\n1 1 255\n\0"u8));
        Assert.False(ImageDecoder.LooksLikeImage("P9\n"u8));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void TruncatedFileIsTruncated(string format)
    {
        var full = Encode(format, TestImages.ColourBlocks(64, 64));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(full.AsSpan(0, full.Length / 2)));

        Assert.Equal(ImageError.Truncated, error.Error);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void FileCutInsideTheHeaderIsAnImageError(string format)
    {
        var full = Encode(format, TestImages.ColourBlocks(64, 64));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeRgb(full.AsSpan(0, 12)));

        Assert.Contains(error.Error, new[] { ImageError.Truncated, ImageError.Corrupt });
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void GarbageAfterAValidSignatureIsAnImageError(string format)
    {
        var full = Encode(format, TestImages.ColourBlocks(64, 64));
        var corrupt = (byte[])full.Clone();
        var random = new Random(7);
        for (var i = 16; i < corrupt.Length; i++)
        {
            corrupt[i] = (byte)random.Next(256);
        }

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(corrupt));

        Assert.Contains(error.Error, new[] { ImageError.Truncated, ImageError.Corrupt });
    }

    [Fact]
    public void PngDeclaring100000By100000IsTooLargeWithoutAllocating()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.PngHeaderOnly(100_000, 100_000)));

        Assert.Equal(ImageError.TooLarge, error.Error);
        Assert.Contains("100000×100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InputLongerThanMaxBytesIsTooLarge()
    {
        var png = ImageEncoder.EncodePng(TestImages.Gradient(16, 16));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(png, new ImageLimits { MaxBytes = 10 }));

        Assert.Equal(ImageError.TooLarge, error.Error);
    }

    private static byte[] Encode(string format, RgbImage image) =>
        format == "png" ? ImageEncoder.EncodePng(image) : ImageEncoder.EncodeJpeg(image);
}
