namespace Siamese.Index.Qdrant.Api;

/// <summary>A filter condition on one payload key.</summary>
public sealed record FieldCondition(string Key, MatchValue Match);
