using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// A face found by <see cref="YuNetDetector"/>: box (whole pixels, edges rounded, may reach past the image), score
/// (√(cls·obj), 0..1) and five landmarks (sub-pixel), in pixels of the input image.
/// </summary>
public sealed record FaceDetection(PixelRect Box, float Score, FaceLandmarks Landmarks);
