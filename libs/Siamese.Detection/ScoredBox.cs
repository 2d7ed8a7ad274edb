using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A box a detector found without landmarks (<see cref="UltraFaceDetector"/>), in pixels of the image, with its score 0..1.</summary>
public readonly record struct ScoredBox(PixelRect Box, float Score);
