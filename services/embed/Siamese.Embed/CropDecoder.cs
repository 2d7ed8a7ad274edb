using Google.Protobuf.Collections;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Embed;

/// <summary>
/// Turns the crops of a request into grayscale images; every error names the crop it is about. The crops of one request
/// together may hold at most <see cref="ImageLimits.MaxPixelsPerRequest"/> pixels.
/// </summary>
public static class CropDecoder
{
    public static IReadOnlyList<GrayImage> Decode(RepeatedField<Crop> crops, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(limits);
        var images = new GrayImage[crops.Count];
        var budget = PixelBudget.For(limits);
        for (var i = 0; i < crops.Count; i++)
        {
            try
            {
                images[i] = Decode(crops[i], limits);
                budget.Spend(images[i].Width, images[i].Height);
            }
            catch (ImageDecodeException ex)
            {
                throw new ImageDecodeException(ex.Error, $"crop {i}: {ex.Message}", ex);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"crop {i}: {ex.Message}", ex);
            }
        }

        return images;
    }

    public static GrayImage Decode(Crop crop, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(crop);
        return crop.ContentCase switch
        {
            Crop.ContentOneofCase.Image => ImageDecoder.DecodeGray(crop.Image.Span, limits),
            Crop.ContentOneofCase.Pixels => FromPixels(crop.Pixels, limits),
            _ => throw new ArgumentException("the crop has no content: set 'image' (encoded bytes) or 'pixels'."),
        };
    }

    private static GrayImage FromPixels(GrayPixels pixels, ImageLimits limits)
    {
        if (pixels.Width <= 0 || pixels.Height <= 0)
        {
            throw new ArgumentException($"pixels must have a positive width and height, got {pixels.Width}×{pixels.Height}.");
        }

        if ((long)pixels.Width * pixels.Height > limits.MaxPixels)
        {
            throw new ImageDecodeException(ImageError.TooLarge,
                $"{pixels.Width}×{pixels.Height} pixels are over the limit of {limits.MaxPixels} pixels.");
        }

        var expected = pixels.Width * pixels.Height;
        if (pixels.Values.Count == 0 && !pixels.Data.IsEmpty)
        {
            return FromBytes(pixels, expected);
        }

        if (pixels.Values.Count != expected)
        {
            throw new ArgumentException($"{pixels.Width}×{pixels.Height} pixels need {pixels.Width * pixels.Height} values, got {pixels.Values.Count}.");
        }

        var values = new float[pixels.Values.Count];
        pixels.Values.CopyTo(values, 0);
        foreach (var v in values)
        {
            if (!(v >= 0f && v <= 255f))
            {
                throw new ArgumentException($"pixel values must be 0..255, found {v}.");
            }
        }

        return new GrayImage(pixels.Width, pixels.Height, values);
    }

    private static GrayImage FromBytes(GrayPixels pixels, int expected)
    {
        var data = pixels.Data.Span;
        if (data.Length != expected)
        {
            throw new ArgumentException($"{pixels.Width}×{pixels.Height} pixels need {expected} bytes of data, got {data.Length}.");
        }

        var values = new float[expected];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = data[i];
        }

        return new GrayImage(pixels.Width, pixels.Height, values);
    }
}
