namespace Siamese.Imaging;

/// <summary>
/// The pixels one request may decode in all (<see cref="ImageLimits.MaxPixelsPerRequest"/>): each decoded image is
/// charged; the image that goes over makes the request fail as too large. Not thread-safe (one per request).
/// </summary>
public sealed class PixelBudget(long maxPixels)
{
    private long _spent;

    public long MaxPixels { get; } = maxPixels;

    public static PixelBudget For(ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new PixelBudget(limits.MaxPixelsPerRequest);
    }

    /// <summary>Charges a decoded <paramref name="width"/>×<paramref name="height"/> image.</summary>
    /// <exception cref="ImageDecodeException">(<see cref="ImageError.TooLarge"/>) the request's images add up to more than the budget.</exception>
    public void Spend(int width, int height)
    {
        _spent += (long)width * height;
        if (_spent > MaxPixels)
        {
            throw new ImageDecodeException(ImageError.TooLarge,
                $"the request's images add up to more than {MaxPixels} pixels, the most one request may carry: send fewer or smaller images.");
        }
    }
}
