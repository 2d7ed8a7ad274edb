using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>A face or item found in an image, in pixels of that image.</summary>
public readonly record struct Detection(PixelRect Box, float Score);
