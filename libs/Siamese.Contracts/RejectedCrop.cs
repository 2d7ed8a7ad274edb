namespace Siamese.Contracts;

/// <summary>A detection that did not pass the quality gate, reported rather than dropped.</summary>
/// <param name="Index">Position among the frame's detections.</param>
/// <param name="Box">Where the detector found it, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1.</param>
/// <param name="Reason">Why it was rejected, for example "crop 20×24 is smaller than the minimum 32 pixels".</param>
public sealed record RejectedCrop(int Index, BoundingBox Box, float Score, string Reason);
