namespace Siamese.Index.Qdrant.Api;

/// <summary>Result of <c>GET /collections/{name}</c> (the fields this project reads).</summary>
public sealed record CollectionInfo(string? Status, long? PointsCount, CollectionConfig? Config);
