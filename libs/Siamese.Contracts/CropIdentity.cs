namespace Siamese.Contracts;

/// <summary>Who one crop is.</summary>
/// <param name="Index">Position among the frame's detections.</param>
/// <param name="Box">Where the crop is, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1.</param>
/// <param name="Subject">The nearest enrolled subject, or null when the gallery is empty.</param>
/// <param name="Distance">Euclidean distance to that subject (infinity when there is none).</param>
/// <param name="Known">True when the distance is within the model's calibrated threshold.</param>
/// <param name="DisplayName">That subject's display name (null when there is none, or from a sender before it was added).</param>
public sealed record CropIdentity(int Index, BoundingBox Box, float Score, string? Subject, float Distance, bool Known, string? DisplayName = null);
