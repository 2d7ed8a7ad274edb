namespace Siamese.Index.Qdrant.Api;

/// <summary>A point returned by scroll.</summary>
public sealed record RetrievedPoint(Guid Id, PointPayload? Payload);
