namespace Siamese.Index;

/// <summary>One enrolled example: its id, the tenant and subject it belongs to, and its embedding.</summary>
public sealed record VectorRecord(Guid Id, string Tenant, string SubjectId, string DisplayName, float[] Vector);
