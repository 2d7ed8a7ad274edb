using System.Text.Json.Serialization;

namespace Siamese.Contracts;

/// <summary>The embedding of one crop.</summary>
/// <param name="Index">Position among the frame's detections.</param>
/// <param name="Box">Where the crop is, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1.</param>
/// <param name="Vector">The embedding, of the model's dimension. On the bus: base64 of its little-endian single-precision
/// values (<see cref="VectorJsonConverter"/>); an array of numbers, as older senders wrote it, is read too.</param>
public sealed record CropEmbedding(int Index, BoundingBox Box, float Score, [property: JsonConverter(typeof(VectorJsonConverter))] float[] Vector);
