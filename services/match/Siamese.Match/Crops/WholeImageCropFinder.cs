using Microsoft.Extensions.Options;
using Siamese.Imaging;

namespace Siamese.Match.Crops;

/// <summary>The image is already a crop: decoded to grayscale, the whole of it is the one face/item.</summary>
public sealed class WholeImageCropFinder(IOptions<MatchOptions> options) : ICropFinder
{
    public Task<IReadOnlyList<FoundCrop>> FindAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default)
    {
        var gray = ImageDecoder.DecodeGray(image.Span, options.Value.ImageLimits);
        IReadOnlyList<FoundCrop> crops = [new FoundCrop(new PixelRect(0, 0, gray.Width, gray.Height), gray)];
        return Task.FromResult(crops);
    }
}
