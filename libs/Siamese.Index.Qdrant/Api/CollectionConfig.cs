namespace Siamese.Index.Qdrant.Api;

/// <summary><c>config</c> of a collection.</summary>
public sealed record CollectionConfig(CollectionParams? Params);
