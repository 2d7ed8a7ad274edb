namespace Siamese.Index.Qdrant.Api;

/// <summary>Body of <c>PUT /collections/{name}</c>.</summary>
public sealed record CreateCollectionRequest(VectorParams Vectors, HnswConfig? HnswConfig = null);
