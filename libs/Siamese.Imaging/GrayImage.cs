namespace Siamese.Imaging;

/// <summary>A single-channel image; pixels row-major, values 0..255 as float (no rounding between steps).</summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height, float[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"Expected {width * height} pixels, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major pixels, 0..255.</summary>
    public float[] Pixels { get; }

    public float this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>The region, clamped to the image. Throws when the clamped region is empty.</summary>
    public GrayImage Crop(PixelRect region) => ImageOps.Crop(this, region);

    /// <summary>Resize: area averaging when shrinking (92×112 → 46×56 averages 2×2 blocks), bilinear when enlarging.</summary>
    public GrayImage Resize(int width, int height) => ImageOps.Resize(this, width, height);
}
