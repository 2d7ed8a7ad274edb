namespace Siamese.Index;

/// <summary>
/// Minimum-distance search over enrolled example embeddings (Euclidean distance), isolated per tenant.
/// Two implementations pass one conformance suite: the embedded index and Qdrant.
/// </summary>
public interface IVectorIndex : IAsyncDisposable
{
    /// <summary>The vector length every call must use.</summary>
    int Dimension { get; }

    /// <summary>Opens or creates the underlying store. Called once at start; readiness waits for it.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores examples; a record whose id is already stored replaces that example. When the task completes the write
    /// is durable (survives a crash). Returns how many of the records were new, i.e. not stored before this call.
    /// </summary>
    /// <exception cref="ArgumentException">A vector's length is not <see cref="Dimension"/> or is not finite.</exception>
    Task<int> UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// The nearest subjects of a tenant, one hit per subject (its nearest example), ascending distance,
    /// at most <paramref name="limit"/>, only those within <paramref name="maxDistance"/> when given.
    /// </summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(
        string tenant, ReadOnlyMemory<float> query, int limit, float? maxDistance = null, CancellationToken cancellationToken = default);

    /// <summary>Removes every example of the subject; returns how many were removed (0 when unknown).</summary>
    Task<int> DeleteSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every example of the tenant, whatever its subjects; returns how many were removed (0 when none). One
    /// write however large the tenant: erasing a tenant subject by subject costs a durable write per subject.
    /// </summary>
    Task<long> DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>Examples stored for the tenant.</summary>
    Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default);

    /// <summary>The subject, or null when the tenant has no examples of it.</summary>
    Task<SubjectInfo?> GetSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default);

    /// <summary>Subjects of a tenant ordered by id (ordinal), a page at a time; pass the returned token for the next page.</summary>
    Task<SubjectPage> ListSubjectsAsync(
        string tenant, int pageSize, string? pageToken = null, CancellationToken cancellationToken = default);
}
