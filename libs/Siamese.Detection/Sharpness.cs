using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>How sharp a crop is, for the blur gate (<see cref="CropOptions.MinSharpness"/>).</summary>
public static class Sharpness
{
    /// <summary>
    /// Variance of the 4-neighbour Laplacian over the image's inner pixels (values 0..255): an in-focus crop has strong
    /// second differences at its edges, a blurred or empty one has almost none. Measured on the crop at the model's input
    /// size, so one threshold serves every camera resolution. 0 for images under 3×3.
    /// </summary>
    public static double Of(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3)
        {
            return 0;
        }

        var p = image.Pixels;
        double sum = 0, sumSquares = 0;
        for (var y = 1; y < h - 1; y++)
        {
            var row = y * w;
            for (var x = 1; x < w - 1; x++)
            {
                var i = row + x;
                double laplacian = p[i - 1] + p[i + 1] + p[i - w] + p[i + w] - (4 * p[i]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        var n = (double)(w - 2) * (h - 2);
        var mean = sum / n;
        return Math.Max(0, (sumSquares / n) - (mean * mean));
    }
}
