namespace Siamese.Imaging;

/// <summary>
/// Decodes JPEG, PNG, BMP, WebP, GIF (first frame) through SkiaSharp and Netpbm (P2, P3, P5, P6) through
/// the project's own reader. Dimensions are checked against <see cref="ImageLimits"/> before allocating.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes to RGB. Throws <see cref="ImageDecodeException"/> for anything unreadable.</summary>
    public static RgbImage DecodeRgb(ReadOnlySpan<byte> data, ImageLimits? limits = null) => throw new NotImplementedException();

    /// <summary>Decodes straight to grayscale (Netpbm gray formats skip the RGB step).</summary>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, ImageLimits? limits = null) => throw new NotImplementedException();

    /// <summary>Reads a file and decodes it to grayscale.</summary>
    public static GrayImage LoadGray(string path, ImageLimits? limits = null) => DecodeGray(File.ReadAllBytes(path), limits);

    /// <summary>True when the bytes start like a format this decoder reads (magic-number sniffing only).</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> data) => throw new NotImplementedException();

    /// <summary>The file extensions (lower case, with dot) that folder scans treat as images.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".pgm", ".ppm", ".pnm",
    };
}
