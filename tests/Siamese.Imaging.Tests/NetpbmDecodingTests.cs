namespace Siamese.Imaging.Tests;

public class NetpbmDecodingTests
{
    [Fact]
    public void BinaryPgmDecodesPixelsInRowMajorOrder()
    {
        var image = ImageDecoder.DecodeGray(TestImages.Netpbm("P5\n3 2\n255\n", 0, 10, 20, 30, 40, 255));

        Assert.Equal(3, image.Width);
        Assert.Equal(2, image.Height);
        Assert.Equal([0f, 10, 20, 30, 40, 255], image.Pixels);
    }

    [Fact]
    public void PlainPgmDecodesWithArbitraryWhitespace()
    {
        var image = ImageDecoder.DecodeGray(TestImages.Netpbm("P2\t2\r\n2  15\n0 15\n\n 5\t10 \n"));

        Assert.Equal([0f, 255, 85, 170], image.Pixels);
    }

    [Fact]
    public void PlainPpmDecodesToRgbAndLuma()
    {
        var data = TestImages.Netpbm("P3 2 1 255\n255 0 0  0 0 255\n");

        var rgb = ImageDecoder.DecodeRgb(data);
        var gray = ImageDecoder.DecodeGray(data);

        Assert.Equal(new byte[] { 255, 0, 0, 0, 0, 255 }, rgb.Rgb);
        Assert.Equal(0.299f * 255, gray.Pixels[0], 3);
        Assert.Equal(0.114f * 255, gray.Pixels[1], 3);
    }

    [Fact]
    public void BinaryPpmDecodesToRgb()
    {
        var rgb = ImageDecoder.DecodeRgb(TestImages.Netpbm("P6\n2 1\n255\n", 1, 2, 3, 4, 5, 6));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, rgb.Rgb);
    }

    [Fact]
    public void GrayPgmDecodedAsRgbRepeatsTheGrayLevel()
    {
        var rgb = ImageDecoder.DecodeRgb(TestImages.Netpbm("P5 1 1 255\n", 77));

        Assert.Equal(new byte[] { 77, 77, 77 }, rgb.Rgb);
    }

    [Fact]
    public void CommentsAnywhereInTheHeaderAreIgnored()
    {
        var data = TestImages.Netpbm("P5 # made by a scanner\n# size follows\n2 # width\n1\n#maxval next\n255#last\n\n", 9, 8);

        var image = ImageDecoder.DecodeGray(data);

        Assert.Equal([9f, 8], image.Pixels);
    }

    [Fact]
    public void SixteenBitBinaryIsBigEndianAndScaledTo255()
    {
        var image = ImageDecoder.DecodeGray(TestImages.Netpbm("P5 3 1 65535\n", 0x00, 0x00, 0x80, 0x00, 0xFF, 0xFF));

        Assert.Equal(0f, image.Pixels[0]);
        Assert.Equal(0x8000 * 255f / 65535, image.Pixels[1], 3);
        Assert.Equal(255f, image.Pixels[2], 3);
    }

    [Fact]
    public void SmallMaxvalIsScaledTo255()
    {
        var image = ImageDecoder.DecodeGray(TestImages.Netpbm("P5 2 1 3\n", 1, 3));

        Assert.Equal([85f, 255], image.Pixels);
    }

    [Fact]
    public void TruncatedBinaryDataSaysHowManyBytesWereExpected()
    {
        var data = TestImages.Netpbm("P5\n92 112\n255\n", new byte[5000]);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(data));

        Assert.Equal(ImageError.Truncated, error.Error);
        Assert.Contains("expected 10304 bytes of pixels, got 5000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedPlainDataIsReported()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P2 3 1 255\n1 2")));

        Assert.Equal(ImageError.Truncated, error.Error);
        Assert.Contains("expected 3 samples", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P5\n2 x 255\n", "height must be a decimal number")]
    [InlineData("P5\n0 2 255\n", "width and height must be positive")]
    [InlineData("P5\n2 2 0\n", "maxval must be between 1 and 65535, got 0")]
    [InlineData("P5\n2 2 65536\n", "maxval must be between 1 and 65535, got 65536")]
    [InlineData("P5\n2 2a 255\n", "height is followed by 'a'")]
    public void MalformedHeaderIsCorruptWithTheReason(string header, string reason)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm(header, 1, 2, 3, 4)));

        Assert.Equal(ImageError.Corrupt, error.Error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P5\n")]
    [InlineData("P5\n92 112")]
    [InlineData("P5\n92 112 255")]
    [InlineData("P5 # a comment without end")]
    public void HeaderEndingEarlyIsTruncated(string header)
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm(header)));

        Assert.Equal(ImageError.Truncated, error.Error);
    }

    [Fact]
    public void SampleGreaterThanMaxvalIsCorrupt()
    {
        var binary = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P5 2 1 100\n", 50, 101)));
        var plain = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P2 2 1 100\n50 300\n")));

        Assert.Equal(ImageError.Corrupt, binary.Error);
        Assert.Contains("sample 1 is 101, greater than maxval 100", binary.Message, StringComparison.Ordinal);
        Assert.Equal(ImageError.Corrupt, plain.Error);
        Assert.Contains("greater than maxval 100", plain.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainSampleThatIsNotANumberIsCorrupt()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P2 2 1 255\n1 x\n")));

        Assert.Equal(ImageError.Corrupt, error.Error);
        Assert.Contains("sample 1 must be a decimal number, found 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeDeclaredDimensionsAreRejectedBeforeAllocating()
    {
        // 10^10 pixels of float would be 40 GB: only a check before allocating can answer this quickly.
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P5\n100000 100000\n255\n", 1, 2, 3)));

        Assert.Equal(ImageError.TooLarge, error.Error);
        Assert.Contains("100000×100000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PixelLimitIsConfigurable()
    {
        var limits = new ImageLimits { MaxPixels = 3 };

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P5 2 2 255\n", 1, 2, 3, 4), limits));

        Assert.Equal(ImageError.TooLarge, error.Error);
    }

    [Fact]
    public void BitmapNetpbmIsUnsupportedWithAnExplanation()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeGray(TestImages.Netpbm("P4\n8 1\n", 0xFF)));

        Assert.Equal(ImageError.UnsupportedFormat, error.Error);
        Assert.Contains("P4", error.Message, StringComparison.Ordinal);
    }
}
