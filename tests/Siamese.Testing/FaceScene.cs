using Siamese.Imaging;

namespace Siamese.Testing;

/// <summary>
/// A camera-like frame: a face pasted at a random place into a larger gray canvas with smooth shading and noise,
/// so a detector has to find it. Deterministic for a given seed.
/// </summary>
public sealed record FaceScene(byte[] Png, PixelRect Face, int Width, int Height)
{
    public static FaceScene Create(GrayImage face, int seed, int width = 320, int height = 240, int minLevel = 90, int maxLevel = 170)
    {
        ArgumentNullException.ThrowIfNull(face);
        if (face.Width > width || face.Height > height)
        {
            throw new ArgumentException($"A {face.Width}×{face.Height} face does not fit a {width}×{height} scene.", nameof(face));
        }

        var random = new Random(seed);
        var pixels = new float[width * height];
        var baseLevel = minLevel + random.Next(Math.Max(1, maxLevel - minLevel));
        var gx = (random.NextSingle() - 0.5f) * 60 / width;
        var gy = (random.NextSingle() - 0.5f) * 60 / height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var noise = (random.NextSingle() + random.NextSingle() + random.NextSingle() - 1.5f) * 16;
                pixels[(y * width) + x] = Math.Clamp(baseLevel + (gx * x) + (gy * y) + noise, 0, 255);
            }
        }

        var left = random.Next(width - face.Width + 1);
        var top = random.Next(height - face.Height + 1);
        for (var y = 0; y < face.Height; y++)
        {
            face.Pixels.AsSpan(y * face.Width, face.Width).CopyTo(pixels.AsSpan(((top + y) * width) + left, face.Width));
        }

        var png = ImageEncoder.EncodePng(new GrayImage(width, height, pixels));
        return new FaceScene(png, new PixelRect(left, top, face.Width, face.Height), width, height);
    }
}
