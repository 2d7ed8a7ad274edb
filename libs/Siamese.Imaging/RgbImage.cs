namespace Siamese.Imaging;

/// <summary>A decoded colour image: interleaved R,G,B bytes, row-major.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes, got {rgb.Length}.", nameof(rgb));
        }

        Width = width;
        Height = height;
        Rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    /// <summary>Luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B), as float 0..255.</summary>
    public GrayImage ToGray() => ImageOps.ToGray(this);

    /// <summary>The red, green and blue channels as three planes (float 0..255), for per-channel resizing.</summary>
    public GrayImage[] ToPlanes() => ImageOps.ToPlanes(this);

    /// <summary>A gray image as colour: R = G = B = its pixel, rounded to bytes.</summary>
    public static RgbImage FromGray(GrayImage image) => ImageOps.ToRgb(image);

    /// <summary>The region, clamped to the image. Throws when the clamped region is empty.</summary>
    public RgbImage Crop(PixelRect region) => ImageOps.Crop(this, region);
}
