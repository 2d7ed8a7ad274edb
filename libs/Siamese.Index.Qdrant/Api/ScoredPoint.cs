namespace Siamese.Index.Qdrant.Api;

/// <summary>A search hit: point id, score (the distance, for Euclid) and payload.</summary>
public sealed record ScoredPoint(Guid Id, float Score, PointPayload? Payload);
