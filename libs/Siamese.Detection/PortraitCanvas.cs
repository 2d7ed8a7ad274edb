using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A portrait pasted centred into a larger canvas filled with the mean of the portrait's border pixels.</summary>
internal static class PortraitCanvas
{
    public static (GrayImage Canvas, int OffsetX, int OffsetY) Create(GrayImage portrait, int factor)
    {
        var width = portrait.Width * factor;
        var height = portrait.Height * factor;
        if ((long)width * height > 64_000_000)
        {
            throw new ArgumentException($"A {portrait.Width}×{portrait.Height} portrait is too large to pad into a {factor}× canvas.", nameof(portrait));
        }

        var pixels = new float[width * height];
        Array.Fill(pixels, BorderMean(portrait));
        var dx = (width - portrait.Width) / 2;
        var dy = (height - portrait.Height) / 2;
        for (var y = 0; y < portrait.Height; y++)
        {
            portrait.Pixels.AsSpan(y * portrait.Width, portrait.Width).CopyTo(pixels.AsSpan(((dy + y) * width) + dx, portrait.Width));
        }

        return (new GrayImage(width, height, pixels), dx, dy);
    }

    private static float BorderMean(GrayImage image)
    {
        double sum = 0;
        var count = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (y == 0 || x == 0 || y == image.Height - 1 || x == image.Width - 1)
                {
                    sum += image[x, y];
                    count++;
                }
            }
        }

        return (float)(sum / count);
    }
}
