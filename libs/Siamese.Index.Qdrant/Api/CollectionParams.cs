namespace Siamese.Index.Qdrant.Api;

/// <summary><c>config.params</c> of a collection.</summary>
public sealed record CollectionParams(VectorParams? Vectors);
