namespace Siamese.Match.Crops;

/// <summary>
/// Finds the faces/items of an encoded image for the synchronous path: <see cref="ModelCropFinder"/> picks
/// <see cref="FaceCropFinder"/> (YuNet-aligned faces) or <see cref="WholeImageCropFinder"/> (the whole image as one
/// crop) by how the model's training images were cut.
/// </summary>
public interface ICropFinder
{
    /// <summary>The crops, best first. Throws <see cref="Imaging.ImageDecodeException"/> for unreadable or oversize images.</summary>
    Task<IReadOnlyList<FoundCrop>> FindAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);
}
