using Siamese.Imaging;

namespace Siamese.Model;

/// <summary>
/// The one preprocessing path, used by the trainer and by every service: the model's channels (gray = luma, or the
/// R, G, B planes) → resize each to the model's input (area averaging when shrinking) → (pixel / 255 - mean) / std.
/// Same code, same numbers. A [C,H,W] tensor, planes in R, G, B order.
/// </summary>
public sealed class Preprocessor
{
    private readonly float pixelMean;
    private readonly float pixelStd;

    public Preprocessor(int inputHeight, int inputWidth, float pixelMean, float pixelStd, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A model takes 1 (gray) or 3 (RGB) input channels.");
        }

        InputHeight = inputHeight;
        InputWidth = inputWidth;
        Channels = channels;
        this.pixelMean = pixelMean;
        this.pixelStd = pixelStd;
    }

    public Preprocessor(ModelMetadata metadata)
        : this(metadata.InputHeight, metadata.InputWidth, metadata.PixelMean, metadata.PixelStd, metadata.InputChannels)
    {
    }

    public int InputHeight { get; }

    public int InputWidth { get; }

    /// <summary>C: 1 (gray) or 3 (RGB).</summary>
    public int Channels { get; }

    public int PlaneLength => InputHeight * InputWidth;

    public int InputLength => Channels * PlaneLength;

    /// <summary>Writes one [C,H,W] input into <paramref name="destination"/> (length C×H×W); a colour model gets the gray image in all three planes.</summary>
    public void Write(GrayImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckLength(destination);
        var sized = Sized(image);
        for (var c = 0; c < Channels; c++)
        {
            ImageOps.Normalize(sized, pixelMean, pixelStd, destination.Slice(c * PlaneLength, PlaneLength));
        }
    }

    /// <summary>Writes one [C,H,W] input into <paramref name="destination"/>: a gray model gets the luma, a colour model the R, G, B planes.</summary>
    public void Write(RgbImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Channels == 1)
        {
            Write(image.ToGray(), destination);
            return;
        }

        Write(ModelCrop.Colour(image), destination);
    }

    /// <summary>
    /// Writes one [C,H,W] input into <paramref name="destination"/>: a gray crop as <see cref="Write(GrayImage, Span{float})"/>,
    /// a colour crop's R, G, B planes for a colour model or its luma for a gray model.
    /// </summary>
    public void Write(ModelCrop crop, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(crop);
        if (!crop.IsColour || Channels == 1)
        {
            Write(crop.ToGray(), destination);
            return;
        }

        CheckLength(destination);
        for (var c = 0; c < crop.Planes.Count; c++)
        {
            ImageOps.Normalize(Sized(crop.Planes[c]), pixelMean, pixelStd, destination.Slice(c * PlaneLength, PlaneLength));
        }
    }

    public float[] ToTensor(GrayImage image)
    {
        var result = new float[InputLength];
        Write(image, result);
        return result;
    }

    public float[] ToTensor(RgbImage image)
    {
        var result = new float[InputLength];
        Write(image, result);
        return result;
    }

    private GrayImage Sized(GrayImage image) =>
        image.Width == InputWidth && image.Height == InputHeight ? image : image.Resize(InputWidth, InputHeight);

    private void CheckLength(Span<float> destination)
    {
        if (destination.Length != InputLength)
        {
            throw new ArgumentException($"Destination has {destination.Length} elements; a {Channels}×{InputHeight}×{InputWidth} input needs {InputLength}.", nameof(destination));
        }
    }
}
