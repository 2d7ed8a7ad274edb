namespace Siamese.Index.Qdrant.Api;

/// <summary>Result of a count.</summary>
public sealed record CountResult(long Count);
