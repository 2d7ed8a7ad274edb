using System.Globalization;
using System.Text;
using SkiaSharp;

namespace Siamese.Imaging;

/// <summary>Encodes images (for generated datasets, test scenes and load generation).</summary>
public static class ImageEncoder
{
    /// <summary>8-bit grayscale PNG; pixels are rounded and clamped to 0..255.</summary>
    public static byte[] EncodePng(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        return Encode(info, ToBytes(image), SKEncodedImageFormat.Png, 100);
    }

    public static byte[] EncodeJpeg(RgbImage image, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return Encode(RgbaInfo(image), ToRgba(image), SKEncodedImageFormat.Jpeg, quality);
    }

    public static byte[] EncodePng(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Encode(RgbaInfo(image), ToRgba(image), SKEncodedImageFormat.Png, 100);
    }

    /// <summary>Binary PGM (P5), 8-bit.</summary>
    public static byte[] EncodePgm(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{image.Width} {image.Height}\n255\n"));
        var result = new byte[header.Length + image.Pixels.Length];
        header.CopyTo(result, 0);
        ToBytes(image).CopyTo(result, header.Length);
        return result;
    }

    private static SKImageInfo RgbaInfo(RgbImage image) =>
        new(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);

    private static byte[] Encode(SKImageInfo info, byte[] pixels, SKEncodedImageFormat format, int quality)
    {
        using var skImage = SKImage.FromPixelCopy(info, pixels)
            ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {info.Width}×{info.Height} {info.ColorType} image.");
        using var data = skImage.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {info.Width}×{info.Height} image as {format}.");
        return data.ToArray();
    }

    private static byte[] ToBytes(GrayImage image)
    {
        var bytes = new byte[image.Pixels.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = ImageOps.ToByte(image.Pixels[i]);
        }

        return bytes;
    }

    private static byte[] ToRgba(RgbImage image)
    {
        var rgba = new byte[image.Width * image.Height * 4];
        for (int s = 0, d = 0; d < rgba.Length; s += 3, d += 4)
        {
            rgba[d] = image.Rgb[s];
            rgba[d + 1] = image.Rgb[s + 1];
            rgba[d + 2] = image.Rgb[s + 2];
            rgba[d + 3] = 255;
        }

        return rgba;
    }
}
