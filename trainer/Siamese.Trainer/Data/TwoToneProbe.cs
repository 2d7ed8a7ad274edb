using Siamese.Imaging;

namespace Siamese.Trainer.Data;

/// <summary>
/// Whether a dataset is two-tone: strokes of ink on plain paper (handwritten characters, symbols, line drawings), as
/// opposed to photos or rendered items with gray levels. Decides the input size and training recipe of the conv tower
/// (<see cref="Training.AdaptiveDefaults"/>): strokes survive a much smaller input than textures do; and, for a run
/// that names no tower, the tower (<see cref="Training.TrainOptions.DefaultTower"/>): conv for two-tone images, the
/// backbone for gray photos.
/// </summary>
public static class TwoToneProbe
{
    /// <summary>Images looked at, spread over the dataset.</summary>
    public const int Samples = 32;

    /// <summary>Share of an image's pixels that must lie near its darkest or its lightest level.</summary>
    public const double ExtremeShare = 0.9;

    /// <summary>"Near" a level: within this many of 255 gray levels.</summary>
    public const float Tolerance = 32;

    /// <summary>The smaller tone must cover at least this share (an empty page or a blank frame is not a drawing).</summary>
    public const double MinimumMinorShare = 0.005;

    /// <summary>True when at least half of the sampled images are two-tone.</summary>
    public static bool IsTwoTone(IReadOnlyList<GrayImage> images)
    {
        var sampled = DataSample.Spread(images, Samples);
        return sampled.Count > 0 && sampled.Count(IsTwoTone) * 2 >= sampled.Count;
    }

    /// <summary>True when at least half of a sample of the folder's images are two-tone (an unreadable image does not count).</summary>
    public static bool IsTwoTone(string folder) => IsTwoTone(DataSample.LoadGray(folder, Samples));

    public static bool IsTwoTone(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = image.Pixels;
        float low = float.MaxValue, high = float.MinValue;
        foreach (var p in pixels)
        {
            low = Math.Min(low, p);
            high = Math.Max(high, p);
        }

        if (high - low < 4 * Tolerance)
        {
            return false; // no contrast between ink and paper
        }

        int dark = 0, light = 0;
        foreach (var p in pixels)
        {
            dark += p <= low + Tolerance ? 1 : 0;
            light += p >= high - Tolerance ? 1 : 0;
        }

        var minor = Math.Min(dark, light);
        return dark + light >= ExtremeShare * pixels.Length && minor >= MinimumMinorShare * pixels.Length;
    }
}
