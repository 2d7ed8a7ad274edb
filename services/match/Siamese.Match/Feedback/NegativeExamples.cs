using System.Collections.Concurrent;
using Siamese.Index;
using Siamese.Match.Calibration;

namespace Siamese.Match.Feedback;

/// <summary>
/// "Not this person" reports: probes that were wrongly answered with a subject, stored as that subject's negative
/// examples in a reserved tenant beside the gallery (<see cref="ReservedTenants.WrongMatches"/>), under the subject's
/// id. Whether a tenant has any is cached briefly, so tenants without reports pay no extra search.
/// </summary>
public sealed class NegativeExamples(MatchState state, TimeProvider time)
{
    /// <summary>Most negative subjects looked at for one probe (a search returns one hit per subject).</summary>
    public const int MaxSubjectsSearched = 10_000;

    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset Expires)> _counts = new(StringComparer.Ordinal);

    /// <summary>Stores a negative example of the subject; returns its id and the subject's negative count afterwards.</summary>
    public async Task<(Guid Id, int Count)> AddAsync(
        string tenant, string subjectId, string displayName, float[] vector, CancellationToken cancellationToken = default)
    {
        var index = state.Index;
        var space = ReservedTenants.WrongMatches(tenant);
        // The same probe reported again for the subject replaces its report (a retried call adds no second one).
        var record = new VectorRecord(ExampleIds.Of(space, subjectId, vector), space, subjectId, displayName, vector);
        await index.UpsertAsync([record], cancellationToken).ConfigureAwait(false);
        _counts.TryRemove(tenant, out _);
        var subject = await index.GetSubjectAsync(space, subjectId, cancellationToken).ConfigureAwait(false);
        return (record.Id, subject?.ExampleCount ?? 1);
    }

    /// <summary>How many negative examples the subject has.</summary>
    public async Task<int> CountAsync(string tenant, string subjectId, CancellationToken cancellationToken = default) =>
        (await state.Index.GetSubjectAsync(ReservedTenants.WrongMatches(tenant), subjectId, cancellationToken).ConfigureAwait(false))?.ExampleCount ?? 0;

    /// <summary>The distance from the probe to each subject's nearest negative example (subjects without any are absent).</summary>
    public async Task<IReadOnlyDictionary<string, float>> NearestAsync(string tenant, ReadOnlyMemory<float> probe, CancellationToken cancellationToken = default)
    {
        var count = await TenantCountAsync(tenant, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return new Dictionary<string, float>();
        }

        var hits = await state.Index.SearchAsync(ReservedTenants.WrongMatches(tenant), probe, (int)Math.Min(count, MaxSubjectsSearched), null, cancellationToken)
            .ConfigureAwait(false);
        return hits.ToDictionary(h => h.SubjectId, h => h.Distance, StringComparer.Ordinal);
    }

    /// <summary>Forgets the subject's negative examples (the subject was deleted); returns how many.</summary>
    public async Task<int> DeleteSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        var removed = await state.Index.DeleteSubjectAsync(ReservedTenants.WrongMatches(tenant), subjectId, cancellationToken).ConfigureAwait(false);
        _counts.TryRemove(tenant, out _);
        return removed;
    }

    /// <summary>Forgets every negative example of the tenant (the tenant was deleted); returns how many.</summary>
    public async Task<long> DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var removed = await state.Index.DeleteTenantAsync(ReservedTenants.WrongMatches(tenant), cancellationToken).ConfigureAwait(false);
        _counts.TryRemove(tenant, out _);
        return removed;
    }

    /// <summary>How many negative examples the tenant has in all (cached briefly).</summary>
    public async Task<long> TenantCountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_counts.TryGetValue(tenant, out var cached) && cached.Expires > now)
        {
            return cached.Count;
        }

        var count = await state.Index.CountAsync(ReservedTenants.WrongMatches(tenant), cancellationToken).ConfigureAwait(false);
        _counts[tenant] = (count, now + TenantThresholds.CacheLifetime);
        return count;
    }
}
