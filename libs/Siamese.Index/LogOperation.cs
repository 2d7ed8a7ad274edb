namespace Siamese.Index;

/// <summary>One durable change, as written to the log (and, batched, to the snapshot).</summary>
internal abstract record LogOperation(long Sequence)
{
    /// <summary>Examples stored in one call: applied all together on replay.</summary>
    public sealed record Upsert(long Sequence, IReadOnlyList<VectorRecord> Records) : LogOperation(Sequence);

    /// <summary>Every example of a subject removed.</summary>
    public sealed record DeleteSubject(long Sequence, string Tenant, string SubjectId) : LogOperation(Sequence);

    /// <summary>Every example of a tenant removed (the tenant was deleted): one record, however many subjects it had.</summary>
    public sealed record DeleteTenant(long Sequence, string Tenant) : LogOperation(Sequence);

    /// <summary>First record of a snapshot: the vector length and the last log sequence it contains.</summary>
    public sealed record SnapshotHeader(long Sequence, int Dimension) : LogOperation(Sequence);

    /// <summary>Last record of a snapshot: how many examples it holds, so a cut-short file is noticed.</summary>
    public sealed record SnapshotEnd(long Sequence, long Examples) : LogOperation(Sequence);
}
