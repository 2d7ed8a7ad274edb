namespace Siamese.Index.Qdrant.Api;

/// <summary>The single unnamed vector of a collection: length and distance ("Euclid", "Cosine", "Dot", "Manhattan").</summary>
public sealed record VectorParams(int Size, string Distance, bool? OnDisk = null);
