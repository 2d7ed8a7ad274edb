using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>A face or item found in an image, in pixels of that image; <paramref name="Landmarks"/> when the detector gives them (YuNet).</summary>
public readonly record struct Detection(PixelRect Box, float Score, FaceLandmarks? Landmarks = null);
