using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Siamese.Imaging;

/// <summary>
/// JPEG, PNG, BMP, WebP and GIF (first frame) through SkiaSharp's codec. The codec reads only the header
/// until <c>GetPixels</c>, so dimensions are checked before any pixel buffer exists. An EXIF orientation is applied:
/// images come out upright, their sizes those of the upright image.
/// </summary>
internal static class SkiaDecoder
{
    /// <summary>
    /// Decodes to RGBA, premultiplied: transparent areas come out black, as if composited on black. The pixels are in a
    /// buffer rented from <see cref="ArrayPool{T}.Shared"/> (at least Width × Height × 4 bytes): the caller returns it.
    /// </summary>
    /// <param name="minLongerSide">
    /// 0: the image's own size. Otherwise a JPEG is decoded at the smallest of 1/8 … 8/8 of its size whose longer side is
    /// at least this (libjpeg's DCT scaling, a fraction of the work and memory of the whole size); other formats at their
    /// own size. Limits apply to the size as sent.
    /// </param>
    public static DecodedRgba DecodeRgba(ReadOnlySpan<byte> data, string format, ImageLimits limits, int minLongerSide = 0)
    {
        try
        {
            return Decode(data, format, limits, minLongerSide);
        }
        catch (Exception ex) when (ex is not ImageDecodeException and not OutOfMemoryException)
        {
            throw new ImageDecodeException(ImageError.Corrupt, $"{format} could not be decoded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Checks the image as <see cref="DecodeRgba"/> would reject it, for less: a PNG's chunk structure and CRCs instead of
    /// inflating it, a JPEG decoded at 1/8 scale (every entropy-coded block is still read), other formats decoded.
    /// </summary>
    public static (int Width, int Height) Validate(ReadOnlySpan<byte> data, string format, ImageLimits limits)
    {
        try
        {
            if (format == "PNG")
            {
                PngChunks.Verify(data);
            }

            using var opened = Open(data, format, limits);
            if (format != "PNG")
            {
                var (width, height) = format == "JPEG" ? Reduced(opened.Codec, 1) : (opened.Width, opened.Height);
                ArrayPool<byte>.Shared.Return(Pixels(opened, format, width, height, data.Length));
            }

            return Upright(opened.Width, opened.Height, opened.Codec.EncodedOrigin);
        }
        catch (Exception ex) when (ex is not ImageDecodeException and not OutOfMemoryException)
        {
            throw new ImageDecodeException(ImageError.Corrupt, $"{format} could not be decoded: {ex.Message}", ex);
        }
    }

    private static DecodedRgba Decode(ReadOnlySpan<byte> data, string format, ImageLimits limits, int minLongerSide)
    {
        using var opened = Open(data, format, limits);
        var (decodedWidth, decodedHeight) = format == "JPEG" && minLongerSide > 0 ? Reduced(opened.Codec, minLongerSide) : (opened.Width, opened.Height);
        var rgba = Pixels(opened, format, decodedWidth, decodedHeight, data.Length);
        var origin = opened.Codec.EncodedOrigin;
        if (origin is < SKEncodedOrigin.TopRight or > SKEncodedOrigin.LeftBottom)
        {
            return new DecodedRgba(decodedWidth, decodedHeight, rgba, opened.Width, opened.Height);
        }

        try
        {
            var (width, height) = Upright(decodedWidth, decodedHeight, origin);
            var (sourceWidth, sourceHeight) = Upright(opened.Width, opened.Height, origin);
            return new DecodedRgba(width, height, Orient(rgba, decodedWidth, decodedHeight, origin), sourceWidth, sourceHeight);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    // A phone stores a portrait photo as the sensor read it and says in its EXIF orientation how to turn it: the
    // pixels are turned here, so that a face or an item is upright, as every viewer (and the web page) shows the photo,
    // and boxes are in the coordinates of the upright photo.
    private static bool Turns(SKEncodedOrigin origin) => origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
        or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    private static (int Width, int Height) Upright(int width, int height, SKEncodedOrigin origin) =>
        Turns(origin) ? (height, width) : (width, height);

    /// <summary>
    /// The upright RGBA of a stored <paramref name="width"/> × <paramref name="height"/> image (EXIF orientations 2–8: mirrors
    /// and quarter turns), in a buffer rented from the shared pool.
    /// </summary>
    private static byte[] Orient(byte[] rgba, int width, int height, SKEncodedOrigin origin)
    {
        var (uprightWidth, uprightHeight) = Upright(width, height, origin);

        // Where the upright pixel (x, y) is stored (EXIF 2.3, "Orientation": which side row 0 and column 0 show), as
        // sx = x0 + dxx·x + dxy·y, sy = y0 + dyx·x + dyy·y: chosen once, not per pixel.
        var (x0, dxx, dxy, y0, dyx, dyy) = origin switch
        {
            SKEncodedOrigin.TopRight => (width - 1, -1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => (width - 1, -1, 0, height - 1, 0, -1),
            SKEncodedOrigin.BottomLeft => (0, 1, 0, height - 1, 0, -1),
            SKEncodedOrigin.LeftTop => (0, 0, 1, 0, 1, 0),
            SKEncodedOrigin.RightTop => (0, 0, 1, height - 1, -1, 0),
            SKEncodedOrigin.RightBottom => (width - 1, 0, -1, height - 1, -1, 0),
            SKEncodedOrigin.LeftBottom => (width - 1, 0, -1, 0, 1, 0),
            _ => (0, 1, 0, 0, 0, 1),
        };
        var turned = ArrayPool<byte>.Shared.Rent(width * height * 4);
        var source = MemoryMarshal.Cast<byte, uint>(rgba.AsSpan(0, width * height * 4));
        var target = MemoryMarshal.Cast<byte, uint>(turned.AsSpan(0, width * height * 4));
        for (var y = 0; y < uprightHeight; y++)
        {
            var (sx, sy) = (x0 + (dxy * y), y0 + (dyy * y));
            for (var x = 0; x < uprightWidth; x++, sx += dxx, sy += dyx)
            {
                target[(y * uprightWidth) + x] = source[(sy * width) + sx];
            }
        }

        return turned;
    }

    // The header, read and checked against the limits before anything is allocated for the pixels. A PNG's bulky
    // ancillary chunks are left out first: with them, opening and decoding took time growing with the square of their
    // size (PngChunks.WithoutBulkyAncillaries).
    private static OpenedCodec Open(ReadOnlySpan<byte> data, string format, ImageLimits limits)
    {
        if (format == "PNG" && PngChunks.WithoutBulkyAncillaries(data) is { } slim)
        {
            data = slim;
        }

        var skData = SKData.CreateCopy(data);
        var stream = new SKMemoryStream(skData);
        var codec = SKCodec.Create(stream, out var created);
        var opened = new OpenedCodec(skData, stream, codec);
        try
        {
            if (codec is null)
            {
                throw created == SKCodecResult.IncompleteInput
                    ? new ImageDecodeException(ImageError.Truncated, $"{format} data truncated: the header is incomplete ({data.Length} bytes).")
                    : new ImageDecodeException(ImageError.Corrupt, $"{format} header is malformed ({Describe(created)}).");
            }

            var (width, height) = (opened.Width, opened.Height);
            if (width <= 0 || height <= 0)
            {
                throw new ImageDecodeException(ImageError.Corrupt, $"{format} header declares an empty image ({width}×{height}).");
            }

            var pixels = (long)width * height;
            if (pixels > limits.MaxPixels || pixels * 4 > Array.MaxLength)
            {
                throw new ImageDecodeException(
                    ImageError.TooLarge,
                    $"{format} is {width}×{height} = {pixels} pixels, more than the limit of {limits.MaxPixels}.");
            }

            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    // Pooled: a large photo's RGBA is tens of megabytes, and only until the caller has converted it.
    private static byte[] Pixels(OpenedCodec opened, string format, int width, int height, int length)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rgba = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var result = opened.Codec.GetPixels(info, rgba);
        if (result == SKCodecResult.Success)
        {
            return rgba;
        }

        ArrayPool<byte>.Shared.Return(rgba);
        throw result == SKCodecResult.IncompleteInput
            ? new ImageDecodeException(
                ImageError.Truncated, $"{format} data truncated: the {opened.Width}×{opened.Height} image ends early ({length} bytes).")
            : new ImageDecodeException(ImageError.Corrupt, $"{format} pixel data is malformed ({Describe(result)}).");
    }

    /// <summary>The smallest of libjpeg's scales (n/8) whose longer side is at least <paramref name="minLongerSide"/>.</summary>
    private static (int Width, int Height) Reduced(SKCodec codec, int minLongerSide)
    {
        for (var n = 1; n < 8; n++)
        {
            var size = codec.GetScaledDimensions(n / 8f);
            if (Math.Max(size.Width, size.Height) >= minLongerSide && size.Width > 0 && size.Height > 0)
            {
                return (size.Width, size.Height);
            }
        }

        return (codec.Info.Width, codec.Info.Height);
    }

    private sealed class OpenedCodec(SKData data, SKMemoryStream stream, SKCodec? codec) : IDisposable
    {
        public SKCodec Codec => codec!;

        public int Width => codec!.Info.Width;

        public int Height => codec!.Info.Height;

        public void Dispose()
        {
            codec?.Dispose();
            stream.Dispose();
            data.Dispose();
        }
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.ErrorInInput => "error in input",
        SKCodecResult.InvalidInput => "invalid input",
        SKCodecResult.Unimplemented => "a variant this decoder does not implement",
        _ => result.ToString(),
    };
}
