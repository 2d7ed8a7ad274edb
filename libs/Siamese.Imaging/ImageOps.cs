using System.Numerics;

namespace Siamese.Imaging;

/// <summary>Pixel operations shared by trainer and services.</summary>
public static class ImageOps
{
    public static GrayImage ToGray(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = new float[image.Width * image.Height];
        ToGray(image, new PixelRect(0, 0, image.Width, image.Height), gray);
        return new GrayImage(image.Width, image.Height, gray);
    }

    /// <summary>
    /// The luma of <paramref name="region"/> (clamped to the image) into <paramref name="destination"/>, row after row:
    /// the pixels <see cref="ToGray(RgbImage)"/> gives there, without converting or copying the rest of the image.
    /// </summary>
    public static void ToGray(RgbImage image, PixelRect region, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var r = Clamp(region, image.Width, image.Height);
        if (destination.Length < r.Width * r.Height)
        {
            throw new ArgumentException($"A {r.Width}×{r.Height} region needs {r.Width * r.Height} values; the destination holds {destination.Length}.", nameof(destination));
        }

        for (var y = 0; y < r.Height; y++)
        {
            var rgb = image.Rgb.AsSpan((((r.Y + y) * image.Width) + r.X) * 3, r.Width * 3);
            var gray = destination.Slice(y * r.Width, r.Width);
            for (var x = 0; x < gray.Length; x++)
            {
                gray[x] = Luma(rgb[3 * x], rgb[(3 * x) + 1], rgb[(3 * x) + 2]);
            }
        }
    }

    /// <summary>R, G and B as separate float planes, each resized and normalised like a gray image.</summary>
    public static GrayImage[] ToPlanes(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = image.Rgb;
        var count = image.Width * image.Height;
        var planes = new[] { new float[count], new float[count], new float[count] };
        for (int i = 0, s = 0; i < count; i++, s += 3)
        {
            planes[0][i] = rgb[s];
            planes[1][i] = rgb[s + 1];
            planes[2][i] = rgb[s + 2];
        }

        return [.. planes.Select(p => new GrayImage(image.Width, image.Height, p))];
    }

    public static RgbImage ToRgb(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = new byte[image.Pixels.Length * 3];
        for (int i = 0, d = 0; i < image.Pixels.Length; i++, d += 3)
        {
            rgb[d] = rgb[d + 1] = rgb[d + 2] = ToByte(image.Pixels[i]);
        }

        return new RgbImage(image.Width, image.Height, rgb);
    }

    public static GrayImage Crop(GrayImage image, PixelRect region)
    {
        ArgumentNullException.ThrowIfNull(image);
        var r = Clamp(region, image.Width, image.Height);
        var pixels = new float[r.Width * r.Height];
        for (var y = 0; y < r.Height; y++)
        {
            image.Pixels.AsSpan(((r.Y + y) * image.Width) + r.X, r.Width).CopyTo(pixels.AsSpan(y * r.Width, r.Width));
        }

        return new GrayImage(r.Width, r.Height, pixels);
    }

    public static RgbImage Crop(RgbImage image, PixelRect region)
    {
        ArgumentNullException.ThrowIfNull(image);
        var r = Clamp(region, image.Width, image.Height);
        var rgb = new byte[r.Width * r.Height * 3];
        for (var y = 0; y < r.Height; y++)
        {
            image.Rgb.AsSpan((((r.Y + y) * image.Width) + r.X) * 3, r.Width * 3).CopyTo(rgb.AsSpan(y * r.Width * 3, r.Width * 3));
        }

        return new RgbImage(r.Width, r.Height, rgb);
    }

    /// <summary>
    /// Separable resize: per axis, exact area averaging when that axis shrinks (fractional coverage at the
    /// edges) and bilinear (pixel centres, edges clamped) when it grows; an unchanged axis is copied.
    /// </summary>
    public static GrayImage Resize(GrayImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == image.Width && height == image.Height)
        {
            return new GrayImage(width, height, (float[])image.Pixels.Clone());
        }

        var horizontal = image.Width == width ? image.Pixels : ResizeRows(image.Pixels, image.Width, image.Height, AxisWeights.Create(image.Width, width));
        var result = image.Height == height ? horizontal : ResizeColumns(horizontal, width, AxisWeights.Create(image.Height, height));
        return new GrayImage(width, height, ReferenceEquals(result, image.Pixels) ? (float[])result.Clone() : result);
    }

    /// <summary>The colour <see cref="Resize(GrayImage, int, int)"/>: each channel resized alike, rounded back to bytes.</summary>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return ColourResize.Resize(image, width, height);
    }

    /// <summary>Writes (pixel / 255 - mean) / std for each pixel into <paramref name="destination"/> (length W×H).</summary>
    public static void Normalize(GrayImage image, float mean, float std, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length != image.Pixels.Length)
        {
            throw new ArgumentException($"Destination has {destination.Length} elements, the image has {image.Pixels.Length} pixels.", nameof(destination));
        }

        if (!(std > 0) || !float.IsFinite(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "Standard deviation must be a positive finite number.");
        }

        var pixels = image.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            destination[i] = ((pixels[i] / 255f) - mean) / std;
        }
    }

    /// <summary>ITU-R BT.601 luma; a gray pixel (R = G = B) keeps its exact value, so a gray picture decoded through RGB equals its gray decode.</summary>
    public static float Luma(float r, float g, float b) => r == g && g == b ? r : (0.299f * r) + (0.587f * g) + (0.114f * b);

    internal static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value), 0f, 255f);

    private static PixelRect Clamp(PixelRect region, int width, int height)
    {
        var r = region.ClampTo(width, height);
        return r.Width > 0 && r.Height > 0
            ? r
            : throw new ArgumentException($"Crop {region} lies outside the {width}×{height} image.", nameof(region));
    }

    private static float[] ResizeRows(float[] source, int sourceWidth, int rows, AxisWeights weights)
    {
        var width = weights.OutputLength;
        var result = new float[width * rows];
        for (var y = 0; y < rows; y++)
        {
            var row = source.AsSpan(y * sourceWidth, sourceWidth);
            var output = result.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var start = weights.Start[x];
                var taps = weights.TapsOf(x);
                var sum = 0f;
                for (var k = 0; k < taps.Length; k++)
                {
                    sum += row[start + k] * taps[k];
                }

                output[x] = sum;
            }
        }

        return result;
    }

    private static float[] ResizeColumns(float[] source, int width, AxisWeights weights)
    {
        var height = weights.OutputLength;
        var result = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            var output = result.AsSpan(y * width, width);
            var start = weights.Start[y];
            var taps = weights.TapsOf(y);
            for (var k = 0; k < taps.Length; k++)
            {
                AddScaled(source.AsSpan((start + k) * width, width), taps[k], output);
            }
        }

        return result;
    }

    /// <summary>destination = source · weight, whole rows at a time.</summary>
    internal static void Scale(ReadOnlySpan<float> source, float weight, Span<float> destination)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; x <= source.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                (new Vector<float>(source[x..]) * w).CopyTo(destination[x..]);
            }
        }

        for (; x < source.Length; x++)
        {
            destination[x] = source[x] * weight;
        }
    }

    /// <summary>destination += source · weight, whole rows at a time (contiguous, so SIMD-friendly).</summary>
    internal static void AddScaled(ReadOnlySpan<float> source, float weight, Span<float> destination)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; x <= source.Length - Vector<float>.Count; x += Vector<float>.Count)
            {
                (new Vector<float>(source[x..]) * w + new Vector<float>(destination[x..])).CopyTo(destination[x..]);
            }
        }

        for (; x < source.Length; x++)
        {
            destination[x] += source[x] * weight;
        }
    }
}
