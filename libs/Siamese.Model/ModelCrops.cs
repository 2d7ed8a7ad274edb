namespace Siamese.Model;

/// <summary>The values of <see cref="ModelMetadataKeys.Crop"/>: how a model's training images were cut, so servers cut the same way.</summary>
public static class ModelCrops
{
    /// <summary>The whole image (or detector box) resized to the input: the trainer's default for any folder-per-class data.</summary>
    public const string Resize = "resize";

    /// <summary>
    /// Faces found by YuNet and aligned on its five landmarks into the 92×112 ORL frame (Siamese.Detection's
    /// <c>FaceCropper</c>), then scaled to the input size: trainer <c>--align yunet</c>, detect's YuNet detector.
    /// </summary>
    public const string YuNetAligned = "yunet-aligned";
}
