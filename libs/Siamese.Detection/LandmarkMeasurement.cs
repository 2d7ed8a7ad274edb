namespace Siamese.Detection;

/// <summary>Mean landmark positions in the canonical 92×112 frame, over <paramref name="Found"/> images (<paramref name="Missed"/> had no face).</summary>
public sealed record LandmarkMeasurement(FaceLandmarks Mean, int Found, int Missed);
