using System.Buffers;

namespace Siamese.Imaging;

/// <summary>
/// Decodes JPEG, PNG, BMP, WebP, GIF (first frame) through SkiaSharp and Netpbm (P2, P3, P5, P6) through
/// the project's own reader. Dimensions are checked against <see cref="ImageLimits"/> before allocating.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes to RGB. Throws <see cref="ImageDecodeException"/> for anything unreadable.</summary>
    public static RgbImage DecodeRgb(ReadOnlySpan<byte> data, ImageLimits? limits = null) => DecodeRgbReduced(data, 0, limits).Image;

    /// <summary>
    /// Decodes to RGB, at a reduced size where the codec makes one cheaply: a JPEG whose longer side is over
    /// <paramref name="minLongerSide"/> comes out at the smallest of 1/8 … 8/8 of its size whose longer side is still at
    /// least that (a fraction of the work and memory of the whole size); other formats, and 0, at their own size. Limits
    /// apply to the image as sent. Throws <see cref="ImageDecodeException"/> for anything unreadable.
    /// </summary>
    public static DecodedImage DecodeRgbReduced(ReadOnlySpan<byte> data, int minLongerSide, ImageLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minLongerSide);
        limits ??= ImageLimits.Default;
        var format = Check(data, limits);
        if (format == Netpbm)
        {
            var image = NetpbmReader.Read(data, limits).ToRgb();
            return new DecodedImage(image, image.Width, image.Height);
        }

        var decoded = SkiaDecoder.DecodeRgba(data, format, limits, minLongerSide);
        try
        {
            var rgba = decoded.Rgba;
            var rgb = new byte[decoded.Width * decoded.Height * 3];
            for (int s = 0, d = 0; d < rgb.Length; s += 4, d += 3)
            {
                rgb[d] = rgba[s];
                rgb[d + 1] = rgba[s + 1];
                rgb[d + 2] = rgba[s + 2];
            }

            return new DecodedImage(new RgbImage(decoded.Width, decoded.Height, rgb), decoded.SourceWidth, decoded.SourceHeight);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded.Rgba);
        }
    }

    /// <summary>Decodes straight to grayscale (Netpbm gray formats skip the RGB step).</summary>
    public static GrayImage DecodeGray(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        var format = Check(data, limits);
        if (format == Netpbm)
        {
            return NetpbmReader.Read(data, limits).ToGray();
        }

        var decoded = SkiaDecoder.DecodeRgba(data, format, limits);
        try
        {
            var rgba = decoded.Rgba;
            var gray = new float[decoded.Width * decoded.Height];
            for (int i = 0, s = 0; i < gray.Length; i++, s += 4)
            {
                gray[i] = ImageOps.Luma(rgba[s], rgba[s + 1], rgba[s + 2]);
            }

            return new GrayImage(decoded.Width, decoded.Height, gray);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decoded.Rgba);
        }
    }

    /// <summary>
    /// Checks that the bytes are an image these decoders read, within <paramref name="limits"/>, and returns its size, for
    /// a fraction of a decode: a PNG's chunk structure and the CRCs of its critical chunks (which cover the compressed
    /// data) rather than inflating it, a JPEG decoded at 1/8 scale (every entropy-coded block is still read), other formats
    /// decoded. Throws <see cref="ImageDecodeException"/> for what a decode would reject, save a PNG whose intact chunks
    /// hold a malformed compressed stream, which only a decode finds.
    /// </summary>
    public static (int Width, int Height) Validate(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        var format = Check(data, limits);
        if (format == Netpbm)
        {
            var image = NetpbmReader.Read(data, limits);
            return (image.Width, image.Height);
        }

        return SkiaDecoder.Validate(data, format, limits);
    }

    /// <summary>Reads a file and decodes it to grayscale.</summary>
    public static GrayImage LoadGray(string path, ImageLimits? limits = null) => DecodeGray(File.ReadAllBytes(path), limits);

    /// <summary>Reads a file and decodes it to RGB (a gray file gives R = G = B).</summary>
    public static RgbImage LoadRgb(string path, ImageLimits? limits = null) => DecodeRgb(File.ReadAllBytes(path), limits);

    /// <summary>True when the bytes start like a format this decoder reads (magic-number sniffing only).</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> data) => Sniff(data) is not null;

    /// <summary>The file extensions (lower case, with dot) that folder scans treat as images.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".pgm", ".ppm", ".pnm",
    };

    private const string Netpbm = "PGM/PPM";

    private static string Check(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(ImageError.Empty, "The image is empty (0 bytes).");
        }

        if (data.Length > limits.MaxBytes)
        {
            throw new ImageDecodeException(
                ImageError.TooLarge, $"The image is {data.Length} bytes, more than the limit of {limits.MaxBytes}.");
        }

        return Sniff(data) ?? throw new ImageDecodeException(ImageError.UnsupportedFormat, DescribeUnsupported(data));
    }

    private static string? Sniff(ReadOnlySpan<byte> d)
    {
        if (d.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG";
        if (d.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
        if (d.StartsWith("GIF87a"u8) || d.StartsWith("GIF89a"u8)) return "GIF";
        if (d.Length >= 12 && d.StartsWith("RIFF"u8) && d[8..12].SequenceEqual("WEBP"u8)) return "WebP";
        if (d.StartsWith("BM"u8)) return "BMP";
        return NetpbmReader.HasMagic(d) ? Netpbm : null;
    }

    private static string DescribeUnsupported(ReadOnlySpan<byte> d) =>
        d.Length >= 2 && d[0] == (byte)'P' && d[1] is (byte)'1' or (byte)'4' or (byte)'7'
            ? $"Netpbm P{(char)d[1]} (bitmap/PAM) is not supported: use PGM (P2/P5), PPM (P3/P6), JPEG, PNG, BMP, WebP or GIF."
            : "Unsupported image format: expected JPEG, PNG, BMP, WebP, GIF or PGM/PPM.";
}
