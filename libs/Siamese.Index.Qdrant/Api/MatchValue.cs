namespace Siamese.Index.Qdrant.Api;

/// <summary>Exact match of a keyword payload value.</summary>
public sealed record MatchValue(string Value);
