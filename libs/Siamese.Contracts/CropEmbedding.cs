namespace Siamese.Contracts;

/// <summary>The embedding of one crop.</summary>
/// <param name="Index">Position among the frame's detections.</param>
/// <param name="Box">Where the crop is, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1.</param>
/// <param name="Vector">The embedding, of the model's dimension.</param>
public sealed record CropEmbedding(int Index, BoundingBox Box, float Score, float[] Vector);
