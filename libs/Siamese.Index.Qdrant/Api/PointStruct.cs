namespace Siamese.Index.Qdrant.Api;

/// <summary>A point to upsert: id (the example's Guid), vector and payload.</summary>
public sealed record PointStruct(Guid Id, float[] Vector, PointPayload Payload);
