using Siamese.Imaging;

namespace Siamese.Model;

/// <summary>
/// One crop on its way to the model: a gray image, or a colour one as three float planes (R, G, B, 0..255) so that a
/// crop resized plane by plane travels without rounding. The <see cref="Preprocessor"/> turns either into the model's
/// C channels (a gray crop repeated for a colour model, the luma of a colour crop for a gray model).
/// </summary>
public sealed class ModelCrop
{
    private ModelCrop(GrayImage[] planes) => Planes = planes;

    /// <summary>One plane (gray) or three (R, G, B), all of the same size.</summary>
    public IReadOnlyList<GrayImage> Planes { get; }

    public bool IsColour => Planes.Count == 3;

    public int Width => Planes[0].Width;

    public int Height => Planes[0].Height;

    public static ModelCrop Gray(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ModelCrop([image]);
    }

    public static ModelCrop Colour(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ModelCrop(image.ToPlanes());
    }

    public static ModelCrop Colour(GrayImage red, GrayImage green, GrayImage blue)
    {
        ArgumentNullException.ThrowIfNull(red);
        ArgumentNullException.ThrowIfNull(green);
        ArgumentNullException.ThrowIfNull(blue);
        if (green.Width != red.Width || blue.Width != red.Width || green.Height != red.Height || blue.Height != red.Height)
        {
            throw new ArgumentException("The red, green and blue planes of a colour crop must have the same size.");
        }

        return new ModelCrop([red, green, blue]);
    }

    /// <summary>A colour crop from R, G, B interleaved samples (0..255), row-major, <paramref name="width"/> × <paramref name="height"/> × 3 of them.</summary>
    public static ModelCrop Colour(int width, int height, float[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"{width}×{height} colour pixels need {(long)width * height * 3} values, got {rgb.Length}.", nameof(rgb));
        }

        var count = width * height;
        var planes = new[] { new float[count], new float[count], new float[count] };
        for (int i = 0, s = 0; i < count; i++, s += 3)
        {
            (planes[0][i], planes[1][i], planes[2][i]) = (rgb[s], rgb[s + 1], rgb[s + 2]);
        }

        return new ModelCrop([new GrayImage(width, height, planes[0]), new GrayImage(width, height, planes[1]), new GrayImage(width, height, planes[2])]);
    }

    public static implicit operator ModelCrop(GrayImage image) => Gray(image);

    /// <summary>The same crop at another size, each plane resized as the trainer resizes (the first step of preprocessing).</summary>
    public ModelCrop Resize(int width, int height) =>
        width == Width && height == Height ? this : new ModelCrop([.. Planes.Select(p => p.Resize(width, height))]);

    /// <summary>A colour crop's samples R, G, B interleaved, row-major (the inverse of <see cref="Colour(int, int, float[])"/>).</summary>
    public float[] ToInterleaved()
    {
        if (!IsColour)
        {
            throw new InvalidOperationException("A gray crop has no colour samples.");
        }

        var (r, g, b) = (Planes[0].Pixels, Planes[1].Pixels, Planes[2].Pixels);
        var rgb = new float[r.Length * 3];
        for (int i = 0, s = 0; i < r.Length; i++, s += 3)
        {
            (rgb[s], rgb[s + 1], rgb[s + 2]) = (r[i], g[i], b[i]);
        }

        return rgb;
    }

    /// <summary>The luma of a colour crop with the weights of <see cref="ImageOps.ToGray(RgbImage)"/>; a gray crop as it is.</summary>
    public GrayImage ToGray()
    {
        if (!IsColour)
        {
            return Planes[0];
        }

        var (r, g, b) = (Planes[0].Pixels, Planes[1].Pixels, Planes[2].Pixels);
        var gray = new float[r.Length];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = ImageOps.Luma(r[i], g[i], b[i]);
        }

        return new GrayImage(Width, Height, gray);
    }
}
