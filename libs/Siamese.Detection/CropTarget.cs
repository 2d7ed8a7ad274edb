using Siamese.Model;

namespace Siamese.Detection;

/// <summary>What crops are cut for: the model's input size and how its training images were cut (<c>siamese.crop</c>).</summary>
/// <param name="Width">Crop width in pixels (the model's input width).</param>
/// <param name="Height">Crop height in pixels (the model's input height).</param>
/// <param name="Crop"><see cref="ModelCrops.Resize"/> (items, pre-cropped images) or <see cref="ModelCrops.YuNetAligned"/> (faces).</param>
/// <param name="Channels">The model's input channels: 1 (gray crops) or 3 (crops also cut in colour, <see cref="PlannedCrop.Colour"/>).</param>
public sealed record CropTarget(int Width, int Height, string Crop, int Channels = 1)
{
    /// <summary>The target a model's metadata describes.</summary>
    public static CropTarget Of(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new CropTarget(metadata.InputWidth, metadata.InputHeight, metadata.Crop, metadata.InputChannels);
    }

    /// <summary>
    /// How the model's pictures are cut when neither the camera nor <see cref="CropOptions.Detector"/> says otherwise:
    /// YuNet-aligned faces for a face model; the whole picture (or the camera's regions) for any other model, whose
    /// training images were resized whole, so no face detector runs for it.
    /// </summary>
    public DetectorKind DefaultDetector => Crop == ModelCrops.YuNetAligned ? DetectorKind.YuNet : DetectorKind.Passthrough;
}
