using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>Whether a dataset is in colour: decides the default tower (colour items → the backbone), from a few images.</summary>
public static class ColourProbe
{
    /// <summary>Images looked at, spread over the folder's classes.</summary>
    public const int Samples = 16;

    /// <summary>Mean |R − G| + |G − B| per pixel above which an image counts as colour (JPEG noise on gray scans stays below 1).</summary>
    public const double ColourSpread = 4;

    /// <summary>True when at least half of the sampled images are in colour; gray PNG/PGM and gray JPEGs are not.</summary>
    public static bool IsColour(string folder)
    {
        var items = FolderDataset.Scan(folder);
        var step = Math.Max(1, items.Count / Samples);
        var sampled = 0;
        var colour = 0;
        for (var i = 0; i < items.Count && sampled < Samples; i += step)
        {
            RgbImage image;
            try
            {
                image = ImageFiles.LoadRgb(items[i].Path);
            }
            catch (InvalidDataException)
            {
                continue; // the run itself names an unreadable image; here it just does not count
            }

            sampled++;
            colour += Spread(image) > ColourSpread ? 1 : 0;
        }

        return sampled > 0 && colour * 2 >= sampled;
    }

    private static double Spread(RgbImage image)
    {
        var rgb = image.Rgb;
        long sum = 0;
        for (var s = 0; s < rgb.Length; s += 3)
        {
            sum += Math.Abs(rgb[s] - rgb[s + 1]) + Math.Abs(rgb[s + 1] - rgb[s + 2]);
        }

        return (double)sum / (rgb.Length / 3);
    }
}
