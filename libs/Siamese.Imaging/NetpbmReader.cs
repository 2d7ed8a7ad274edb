using System.Globalization;

namespace Siamese.Imaging;

/// <summary>
/// Reads PGM/PPM (P2, P3 plain; P5, P6 binary) per the Netpbm specification. SkiaSharp has no Netpbm codec,
/// and the ORL faces are PGM. Every check that can fail runs before the pixel buffer is allocated.
/// </summary>
internal static class NetpbmReader
{
    private const int MaxMaxval = 65535;

    /// <summary>True for "P2", "P3", "P5", "P6" followed by whitespace or a comment.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> data) =>
        data.Length >= 3 && data[0] == (byte)'P' && data[1] is ((byte)'2' or (byte)'3' or (byte)'5' or (byte)'6')
        && (IsWhitespace(data[2]) || data[2] == (byte)'#');

    public static NetpbmImage Read(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        if (data.Length < 2 || data[0] != (byte)'P' || data[1] is not ((byte)'2' or (byte)'3' or (byte)'5' or (byte)'6'))
        {
            throw new ImageDecodeException(ImageError.UnsupportedFormat, "Not a PGM/PPM file: expected magic number P2, P3, P5 or P6.");
        }

        var kind = (char)data[1];
        var channels = kind is '3' or '6' ? 3 : 1;
        var plain = kind is '2' or '3';
        var format = channels == 1 ? "PGM" : "PPM";
        var pos = 2;
        if (pos >= data.Length)
        {
            throw Truncated(format, "header ends after the magic number");
        }

        if (!IsWhitespace(data[pos]) && data[pos] != (byte)'#')
        {
            throw Corrupt(format, $"header: magic number P{kind} must be followed by whitespace");
        }

        var width = ReadHeaderNumber(data, ref pos, format, "width");
        var height = ReadHeaderNumber(data, ref pos, format, "height");
        var maxval = ReadHeaderNumber(data, ref pos, format, "maxval");
        if (width <= 0 || height <= 0)
        {
            throw Corrupt(format, $"header: width and height must be positive, got {width}×{height}");
        }

        if (maxval is < 1 or > MaxMaxval)
        {
            throw Corrupt(format, $"header: maxval must be between 1 and {MaxMaxval}, got {maxval}");
        }

        var pixels = width * height;
        if (pixels > limits.MaxPixels || pixels * channels > Array.MaxLength)
        {
            throw new ImageDecodeException(
                ImageError.TooLarge,
                $"{format} is {width}×{height} = {pixels} pixels, more than the limit of {limits.MaxPixels}.");
        }

        EndHeader(data, ref pos, format);
        var count = (int)(pixels * channels);
        return plain
            ? new NetpbmImage((int)width, (int)height, channels, ReadPlain(data[pos..], count, (int)maxval, format))
            : new NetpbmImage((int)width, (int)height, channels, ReadBinary(data[pos..], count, (int)maxval, format));
    }

    private static float[] ReadBinary(ReadOnlySpan<byte> raster, int count, int maxval, string format)
    {
        var bytesPerSample = maxval < 256 ? 1 : 2;
        var expected = (long)count * bytesPerSample;
        if (raster.Length < expected)
        {
            throw Truncated(format, $"data truncated: expected {expected} bytes of pixels, got {raster.Length}");
        }

        var samples = new float[count];
        var scale = 255f / maxval;
        for (var i = 0; i < count; i++)
        {
            var value = bytesPerSample == 1 ? raster[i] : (raster[2 * i] << 8) | raster[(2 * i) + 1];
            if (value > maxval)
            {
                throw SampleTooLarge(format, value, maxval, i);
            }

            samples[i] = value * scale;
        }

        return samples;
    }

    private static float[] ReadPlain(ReadOnlySpan<byte> raster, int count, int maxval, string format)
    {
        // Each sample needs a digit and a separator (except the last): reject hopeless input before allocating.
        var roomFor = (raster.Length + 1L) / 2;
        if (roomFor < count)
        {
            throw Truncated(format, $"data truncated: expected {count} samples, the remaining {raster.Length} bytes hold at most {roomFor}");
        }

        var samples = new float[count];
        var scale = 255f / maxval;
        var pos = 0;
        for (var i = 0; i < count; i++)
        {
            SkipWhitespaceAndComments(raster, ref pos, format);
            if (pos >= raster.Length)
            {
                throw Truncated(format, $"data truncated: expected {count} samples, got {i}");
            }

            if (!char.IsAsciiDigit((char)raster[pos]))
            {
                throw Corrupt(format, $"data: sample {i} must be a decimal number, found '{Printable(raster[pos])}'");
            }

            long value = 0;
            while (pos < raster.Length && char.IsAsciiDigit((char)raster[pos]))
            {
                value = Math.Min((value * 10) + (raster[pos++] - '0'), int.MaxValue);
            }

            if (value > maxval)
            {
                throw SampleTooLarge(format, value, maxval, i);
            }

            samples[i] = value * scale;
        }

        return samples;
    }

    private static long ReadHeaderNumber(ReadOnlySpan<byte> data, ref int pos, string format, string field)
    {
        SkipWhitespaceAndComments(data, ref pos, format);
        if (pos >= data.Length)
        {
            throw Truncated(format, $"header truncated: missing {field}");
        }

        if (!char.IsAsciiDigit((char)data[pos]))
        {
            throw Corrupt(format, $"header: {field} must be a decimal number, found '{Printable(data[pos])}'");
        }

        long value = 0;
        while (pos < data.Length && char.IsAsciiDigit((char)data[pos]))
        {
            // Saturate: absurd values are reported by the range checks, not by overflow.
            value = Math.Min((value * 10) + (data[pos++] - '0'), int.MaxValue);
        }

        if (pos < data.Length && !IsWhitespace(data[pos]) && data[pos] != (byte)'#')
        {
            throw Corrupt(format, $"header: {field} is followed by '{Printable(data[pos])}', expected whitespace");
        }

        return value;
    }

    /// <summary>After maxval: comments may still appear, then exactly one whitespace character precedes the raster.</summary>
    private static void EndHeader(ReadOnlySpan<byte> data, ref int pos, string format)
    {
        while (pos < data.Length && data[pos] == (byte)'#')
        {
            SkipComment(data, ref pos, format);
        }

        if (pos >= data.Length)
        {
            throw Truncated(format, "data truncated: the header ends without pixel data");
        }

        pos++;
    }

    private static void SkipWhitespaceAndComments(ReadOnlySpan<byte> data, ref int pos, string format)
    {
        while (pos < data.Length)
        {
            if (IsWhitespace(data[pos]))
            {
                pos++;
            }
            else if (data[pos] == (byte)'#')
            {
                SkipComment(data, ref pos, format);
            }
            else
            {
                return;
            }
        }
    }

    private static void SkipComment(ReadOnlySpan<byte> data, ref int pos, string format)
    {
        var end = data[pos..].IndexOfAny((byte)'\n', (byte)'\r');
        if (end < 0)
        {
            throw Truncated(format, "header truncated inside a comment");
        }

        pos += end + 1;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0B or 0x0C;

    private static string Printable(byte b) =>
        b is >= 0x20 and < 0x7F ? ((char)b).ToString() : "0x" + b.ToString("X2", CultureInfo.InvariantCulture);

    private static ImageDecodeException SampleTooLarge(string format, long value, int maxval, int index) =>
        Corrupt(format, $"data: sample {index} is {value}, greater than maxval {maxval}");

    private static ImageDecodeException Corrupt(string format, string what) => new(ImageError.Corrupt, $"{format} {what}.");

    private static ImageDecodeException Truncated(string format, string what) => new(ImageError.Truncated, $"{format} {what}.");
}
