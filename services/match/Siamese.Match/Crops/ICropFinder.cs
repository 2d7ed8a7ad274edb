namespace Siamese.Match.Crops;

/// <summary>
/// Finds the faces/items of an encoded image for the synchronous path. Until the detect service is wired in,
/// <see cref="WholeImageCropFinder"/> takes the whole image as one crop.
/// </summary>
public interface ICropFinder
{
    /// <summary>The crops, best first. Throws <see cref="Imaging.ImageDecodeException"/> for unreadable or oversize images.</summary>
    Task<IReadOnlyList<FoundCrop>> FindAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);
}
