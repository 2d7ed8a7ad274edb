namespace Siamese.Detection;

/// <summary>A face found by <see cref="YuNetDetector"/>: box, score (√(cls·obj), 0..1) and five landmarks, in pixels of the input image.</summary>
public sealed record FaceDetection(FaceBox Box, float Score, FaceLandmarks Landmarks);
