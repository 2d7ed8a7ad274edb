using Google.Protobuf;
using Google.Protobuf.Collections;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Embed;

/// <summary>
/// Turns the crops of a request into model crops (gray, or colour for a colour model); every error names the crop it
/// is about. The crops of one request together may hold at most <see cref="ImageLimits.MaxPixelsPerRequest"/> pixels.
/// </summary>
public static class CropDecoder
{
    /// <param name="channels">The model's input channels: encoded images are decoded in colour for 3, in gray for 1.</param>
    public static IReadOnlyList<ModelCrop> Decode(RepeatedField<Crop> crops, ImageLimits limits, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(limits);
        var images = new ModelCrop[crops.Count];
        var budget = PixelBudget.For(limits);
        for (var i = 0; i < crops.Count; i++)
        {
            try
            {
                images[i] = Decode(crops[i], limits, channels);
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

    public static ModelCrop Decode(Crop crop, ImageLimits limits, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(crop);
        return crop.ContentCase switch
        {
            Crop.ContentOneofCase.Image => channels == 3
                ? ModelCrop.Colour(ImageDecoder.DecodeRgb(crop.Image.Span, limits))
                : ModelCrop.Gray(ImageDecoder.DecodeGray(crop.Image.Span, limits)),
            Crop.ContentOneofCase.Pixels => ModelCrop.Gray(
                new GrayImage(crop.Pixels.Width, crop.Pixels.Height, Samples(crop.Pixels.Width, crop.Pixels.Height, 1, crop.Pixels.Values, crop.Pixels.Data, limits))),
            Crop.ContentOneofCase.Colour => FromColour(crop.Colour, limits),
            _ => throw new ArgumentException("the crop has no content: set 'image' (encoded bytes), 'pixels' or 'colour'."),
        };
    }

    private static ModelCrop FromColour(ColourPixels pixels, ImageLimits limits) =>
        ModelCrop.Colour(pixels.Width, pixels.Height, Samples(pixels.Width, pixels.Height, 3, pixels.Values, pixels.Data, limits));

    /// <summary>The samples (<paramref name="channels"/> per pixel, 0..255) of decoded pixels, from floats or from bytes (not both).</summary>
    private static float[] Samples(int width, int height, int channels, RepeatedField<float> values, ByteString data, ImageLimits limits)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"pixels must have a positive width and height, got {width}×{height}.");
        }

        if ((long)width * height > limits.MaxPixels)
        {
            throw new ImageDecodeException(ImageError.TooLarge, $"{width}×{height} pixels are over the limit of {limits.MaxPixels} pixels.");
        }

        var expected = width * height * channels;
        if (values.Count > 0 && !data.IsEmpty)
        {
            throw new ArgumentException("the pixels carry both 'values' and 'data': send one of them (they are two encodings of the same samples).");
        }

        if (values.Count == 0 && !data.IsEmpty)
        {
            return FromBytes(width, height, data.Span, expected);
        }

        if (values.Count != expected)
        {
            throw new ArgumentException($"{width}×{height} pixels need {expected} values, got {values.Count}.");
        }

        var result = new float[values.Count];
        values.CopyTo(result, 0);
        foreach (var v in result)
        {
            if (!(v >= 0f && v <= 255f))
            {
                throw new ArgumentException($"pixel values must be 0..255, found {v}.");
            }
        }

        return result;
    }

    private static float[] FromBytes(int width, int height, ReadOnlySpan<byte> data, int expected)
    {
        if (data.Length != expected)
        {
            throw new ArgumentException($"{width}×{height} pixels need {expected} bytes of data, got {data.Length}.");
        }

        var values = new float[expected];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = data[i];
        }

        return values;
    }
}
