namespace Siamese.Imaging.Tests;

/// <summary>
/// A phone's portrait photo is stored as the sensor read it, with an EXIF orientation saying how to turn it: it is
/// decoded upright, as viewers and the web page show it, and its size (also from <see cref="ImageDecoder.Validate"/>) is
/// the upright one.
/// </summary>
public sealed class ExifOrientationTests
{
    private const int Width = 48;
    private const int Height = 24;

    // Stored quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
    private static readonly Dictionary<string, (byte R, byte G, byte B)> Colours = new()
    {
        ["TL"] = (255, 0, 0),
        ["TR"] = (0, 255, 0),
        ["BL"] = (0, 0, 255),
        ["BR"] = (255, 255, 255),
    };

    /// <summary>Which stored quadrant shows at the upright image's top-left, top-right, bottom-left and bottom-right (EXIF 2.3).</summary>
    [Theory]
    [InlineData(1, "TL TR BL BR")]
    [InlineData(2, "TR TL BR BL")]
    [InlineData(3, "BR BL TR TL")]
    [InlineData(4, "BL BR TL TR")]
    [InlineData(5, "TL BL TR BR")]
    [InlineData(6, "BL TL BR TR")]
    [InlineData(7, "BR TR BL TL")]
    [InlineData(8, "TR BR TL BL")]
    public void AJpegIsDecodedUprightByItsExifOrientation(int orientation, string shown)
    {
        var jpeg = WithOrientation(ImageEncoder.EncodeJpeg(Quadrants(), 95), orientation);
        var turned = orientation >= 5;

        var rgb = ImageDecoder.DecodeRgb(jpeg);
        var gray = ImageDecoder.DecodeGray(jpeg);

        Assert.Equal(turned ? (Height, Width) : (Width, Height), (rgb.Width, rgb.Height));
        Assert.Equal((rgb.Width, rgb.Height), (gray.Width, gray.Height));
        Assert.Equal((rgb.Width, rgb.Height), ImageDecoder.Validate(jpeg));
        var corners = shown.Split(' ');
        var (w, h) = (rgb.Width, rgb.Height);
        AssertColour(rgb, w / 4, h / 4, Colours[corners[0]]);
        AssertColour(rgb, 3 * w / 4, h / 4, Colours[corners[1]]);
        AssertColour(rgb, w / 4, 3 * h / 4, Colours[corners[2]]);
        AssertColour(rgb, 3 * w / 4, 3 * h / 4, Colours[corners[3]]);
    }

    [Fact]
    public void AReducedDecodeOfATurnedPhotoGivesTheUprightSizeAsSent()
    {
        var large = new RgbImage(800, 400, Enumerable.Repeat((byte)128, 800 * 400 * 3).ToArray());
        var jpeg = WithOrientation(ImageEncoder.EncodeJpeg(large, 90), 6);

        var decoded = ImageDecoder.DecodeRgbReduced(jpeg, minLongerSide: 100);

        Assert.Equal((400, 800), (decoded.SourceWidth, decoded.SourceHeight));
        Assert.True(decoded.Reduced);
        Assert.True(decoded.Image.Height > decoded.Image.Width, $"{decoded.Image.Width}x{decoded.Image.Height} is not upright");
        Assert.Equal(decoded.Image.Width * 2, decoded.Image.Height);
    }

    private static RgbImage Quadrants()
    {
        var rgb = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var (r, g, b) = Colours[(y < Height / 2 ? "T" : "B") + (x < Width / 2 ? "L" : "R")];
                var i = ((y * Width) + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
            }
        }

        return new RgbImage(Width, Height, rgb);
    }

    private static void AssertColour(RgbImage image, int x, int y, (byte R, byte G, byte B) expected)
    {
        var i = ((y * image.Width) + x) * 3;
        var actual = (image.Rgb[i], image.Rgb[i + 1], image.Rgb[i + 2]);
        Assert.True(
            Math.Abs(actual.Item1 - expected.R) < 40 && Math.Abs(actual.Item2 - expected.G) < 40 && Math.Abs(actual.Item3 - expected.B) < 40,
            $"({x}, {y}) is {actual}, expected {expected}");
    }

    /// <summary>The JPEG with an EXIF segment (APP1) right after its start marker holding one tag: Orientation.</summary>
    private static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0, // Orientation, SHORT, count 1, value
            0, 0, 0, 0, // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        return [jpeg[0], jpeg[1], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg[2..]];
    }
}
