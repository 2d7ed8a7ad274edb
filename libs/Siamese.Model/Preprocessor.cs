using Siamese.Imaging;

namespace Siamese.Model;

/// <summary>
/// The one preprocessing path, used by the trainer and by every service: grayscale → resize to the model's
/// input (area averaging when shrinking) → (pixel / 255 - mean) / std. Same code, same numbers.
/// </summary>
public sealed class Preprocessor(int inputHeight, int inputWidth, float pixelMean, float pixelStd)
{
    public Preprocessor(ModelMetadata metadata)
        : this(metadata.InputHeight, metadata.InputWidth, metadata.PixelMean, metadata.PixelStd)
    {
    }

    public int InputHeight { get; } = inputHeight;

    public int InputWidth { get; } = inputWidth;

    public int InputLength => InputHeight * InputWidth;

    /// <summary>Writes one [H,W] plane into <paramref name="destination"/> (length H×W).</summary>
    public void Write(GrayImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        var sized = image.Width == InputWidth && image.Height == InputHeight ? image : image.Resize(InputWidth, InputHeight);
        ImageOps.Normalize(sized, pixelMean, pixelStd, destination);
    }

    public float[] ToTensor(GrayImage image)
    {
        var result = new float[InputLength];
        Write(image, result);
        return result;
    }
}
