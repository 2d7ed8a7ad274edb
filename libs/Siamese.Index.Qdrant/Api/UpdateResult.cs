namespace Siamese.Index.Qdrant.Api;

/// <summary>Result of a write: "acknowledged" or, with <c>wait=true</c>, "completed".</summary>
public sealed record UpdateResult(long? OperationId, string? Status);
