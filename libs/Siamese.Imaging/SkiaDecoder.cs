using SkiaSharp;

namespace Siamese.Imaging;

/// <summary>
/// JPEG, PNG, BMP, WebP and GIF (first frame) through SkiaSharp's codec. The codec reads only the header
/// until <c>GetPixels</c>, so dimensions are checked before any pixel buffer exists.
/// </summary>
internal static class SkiaDecoder
{
    /// <summary>Decodes to RGBA, premultiplied: transparent areas come out black, as if composited on black.</summary>
    public static (int Width, int Height, byte[] Rgba) DecodeRgba(ReadOnlySpan<byte> data, string format, ImageLimits limits)
    {
        try
        {
            return Decode(data, format, limits);
        }
        catch (Exception ex) when (ex is not ImageDecodeException and not OutOfMemoryException)
        {
            throw new ImageDecodeException(ImageError.Corrupt, $"{format} could not be decoded: {ex.Message}", ex);
        }
    }

    private static (int Width, int Height, byte[] Rgba) Decode(ReadOnlySpan<byte> data, string format, ImageLimits limits)
    {
        using var skData = SKData.CreateCopy(data);
        using var stream = new SKMemoryStream(skData);
        using var codec = SKCodec.Create(stream, out var created);
        if (codec is null)
        {
            throw created == SKCodecResult.IncompleteInput
                ? new ImageDecodeException(ImageError.Truncated, $"{format} data truncated: the header is incomplete ({data.Length} bytes).")
                : new ImageDecodeException(ImageError.Corrupt, $"{format} header is malformed ({Describe(created)}).");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
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

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var rgba = new byte[pixels * 4];
        var result = codec.GetPixels(info, rgba);

        return result switch
        {
            SKCodecResult.Success => (width, height, rgba),
            SKCodecResult.IncompleteInput => throw new ImageDecodeException(
                ImageError.Truncated, $"{format} data truncated: the {width}×{height} image ends early ({data.Length} bytes)."),
            _ => throw new ImageDecodeException(ImageError.Corrupt, $"{format} pixel data is malformed ({Describe(result)})."),
        };
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.ErrorInInput => "error in input",
        SKCodecResult.InvalidInput => "invalid input",
        SKCodecResult.Unimplemented => "a variant this decoder does not implement",
        _ => result.ToString(),
    };
}
