using Siamese.Imaging;

namespace Siamese.Match.Crops;

/// <summary>A face/item found in an image: where it is and its grayscale crop.</summary>
public sealed record FoundCrop(PixelRect Box, GrayImage Crop);
