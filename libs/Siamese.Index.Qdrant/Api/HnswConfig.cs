namespace Siamese.Index.Qdrant.Api;

/// <summary>HNSW graph parameters: edges per node and the build-time candidate list size.</summary>
public sealed record HnswConfig(int M, int EfConstruct);
