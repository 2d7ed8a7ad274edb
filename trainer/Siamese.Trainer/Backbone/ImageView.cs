using System.Globalization;
using Siamese.Imaging;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// The views of a training image whose features train the head: the image itself, its mirror image, and a centre
/// zoom (80% of each side) of both. Fixed geometry, no random draw, so a view's features can be cached across runs
/// and seeds. Validation, test and gallery images are seen as served: view 0, and with two served views also
/// <see cref="ServedZoom"/>.
/// </summary>
public static class ImageView
{
    /// <summary>The most views an image has.</summary>
    public const int Count = 4;

    /// <summary>
    /// Not a view cut here: the image as served (view 0) whose centre zoom the model's own graph cuts
    /// (<see cref="Onnx.BackboneGraph.AddZoom"/>), for models that embed two served views. Features of it are keyed by
    /// this number.
    /// </summary>
    public const int ServedZoom = Count;

    /// <summary>Share of each side the zoomed training views keep, and the served zoom's of a checkpoint from before the served zoom was chosen, or of catalogue images with a --gallery (--catalogue-zoom).</summary>
    public const double Zoom = 0.8;

    /// <summary>The closest served zoom --served-zoom takes: 40% of each side (90 of 224 pixels).</summary>
    public const double MinServedZoom = 0.4;

    /// <summary><paramref name="zoom"/> when --served-zoom takes it (at least <see cref="MinServedZoom"/>, below 1), else a clear error.</summary>
    public static double CheckServedZoom(double zoom) => zoom is >= MinServedZoom and < 1
        ? zoom
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--served-zoom must be at least {MinServedZoom} and below 1 (the share of each side the centre zoom keeps), not {zoom}."));

    /// <summary><paramref name="zoom"/> when --catalogue-zoom takes it (0 for none of its own, or as <see cref="CheckServedZoom"/>), else a clear error.</summary>
    public static double CheckCatalogueZoom(double zoom) => zoom is 0 or (>= MinServedZoom and < 1)
        ? zoom
        : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--catalogue-zoom must be 0 (none of its own) or at least {MinServedZoom} and below 1 (the share of each side the served zoom keeps of an image on a plain light background), not {zoom}."));

    public static RgbImage Apply(RgbImage image, int view)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(view);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(view, Count);
        var result = view >= 2 ? CentreCrop(image, Zoom) : image;
        return view % 2 == 1 ? Mirror(result) : result;
    }

    private static RgbImage CentreCrop(RgbImage image, double keep)
    {
        var width = Math.Max(1, (int)Math.Round(image.Width * keep));
        var height = Math.Max(1, (int)Math.Round(image.Height * keep));
        return image.Crop(new PixelRect((image.Width - width) / 2, (image.Height - height) / 2, width, height));
    }

    private static RgbImage Mirror(RgbImage image)
    {
        var rgb = new byte[image.Rgb.Length];
        var row = image.Width * 3;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var source = (y * row) + (x * 3);
                var target = (y * row) + ((image.Width - 1 - x) * 3);
                rgb[target] = image.Rgb[source];
                rgb[target + 1] = image.Rgb[source + 1];
                rgb[target + 2] = image.Rgb[source + 2];
            }
        }

        return new RgbImage(image.Width, image.Height, rgb);
    }
}
