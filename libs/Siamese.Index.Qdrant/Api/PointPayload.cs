namespace Siamese.Index.Qdrant.Api;

/// <summary>What each point carries besides its vector.</summary>
public sealed record PointPayload(string Tenant, string Subject, string DisplayName);
