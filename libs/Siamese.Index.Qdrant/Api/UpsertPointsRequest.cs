namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>PUT /collections/{name}/points</c>.</summary>
public sealed record UpsertPointsRequest(IReadOnlyList<PointStruct> Points);
