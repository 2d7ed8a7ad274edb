using Siamese.Imaging;

namespace Siamese.Trainer.Data;

/// <summary>Mean and standard deviation of pixel/255 over images resized to the model input; stored in the model.</summary>
public readonly record struct PixelStatistics(float Mean, float Std)
{
    public static PixelStatistics Measure(IEnumerable<GrayImage> images, int inputHeight, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(images);
        double sum = 0, sumSquares = 0;
        long count = 0;
        foreach (var image in images)
        {
            var sized = image.Width == inputWidth && image.Height == inputHeight ? image : image.Resize(inputWidth, inputHeight);
            foreach (var p in sized.Pixels)
            {
                var v = p / 255.0;
                sum += v;
                sumSquares += v * v;
                count++;
            }
        }

        if (count == 0)
        {
            throw new ArgumentException("No images to measure.", nameof(images));
        }

        var mean = sum / count;
        var std = Math.Sqrt(Math.Max(sumSquares / count - (mean * mean), 0));
        // A blank dataset must not make the normalisation divide by zero.
        return new PixelStatistics((float)mean, (float)Math.Max(std, 1e-3));
    }
}
