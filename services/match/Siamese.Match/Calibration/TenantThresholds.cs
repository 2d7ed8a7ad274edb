using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Siamese.Index;

namespace Siamese.Match.Calibration;

/// <summary>
/// Each tenant's calibrated threshold, kept as one record in the vector index (reserved tenant, see
/// <see cref="ReservedTenants"/>), read through a short cache so identify costs no extra index call. A calibration
/// computed with another model than the one loaded is not used: its distances mean nothing for this model.
/// </summary>
public sealed class TenantThresholds(MatchState state, TimeProvider time)
{
    /// <summary>
    /// How long a read is trusted. A calibration stored through this process is seen at once; one stored through
    /// another replica (Qdrant deployments) within this delay.
    /// </summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private const string Subject = "calibration";
    private readonly ConcurrentDictionary<string, (TenantCalibration? Calibration, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    /// <summary>The tenant's calibration for the loaded model, or null (the model's threshold applies).</summary>
    public async Task<TenantCalibration?> GetAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenant, out var cached) && cached.Expires > now)
        {
            return cached.Calibration;
        }

        var subject = await state.Index.GetSubjectAsync(ReservedTenants.Calibration(tenant), Subject, cancellationToken).ConfigureAwait(false);
        var calibration = subject is null ? null : StoredCalibration.Read(subject.DisplayName);
        if (calibration is not null && calibration.ModelId != state.Model.Metadata.ModelId)
        {
            calibration = null;
        }

        _cache[tenant] = (calibration, now + CacheLifetime);
        return calibration;
    }

    /// <summary>Stores the calibration (replacing the tenant's previous one); durable when this completes.</summary>
    public async Task SetAsync(string tenant, TenantCalibration calibration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calibration);

        // The record's vector is never searched; the threshold rides in it only so the record is a valid vector.
        var vector = new float[state.Model.Metadata.EmbeddingDimension];
        vector[0] = calibration.Threshold;
        var record = new VectorRecord(RecordId(tenant), ReservedTenants.Calibration(tenant), Subject, StoredCalibration.Write(calibration), vector);
        await state.Index.UpsertAsync([record], cancellationToken).ConfigureAwait(false);
        _cache[tenant] = (calibration, time.GetUtcNow() + CacheLifetime);
    }

    /// <summary>Removes the tenant's calibration; true when it had one.</summary>
    public async Task<bool> DeleteAsync(string tenant, CancellationToken cancellationToken = default)
    {
        var removed = await state.Index.DeleteSubjectAsync(ReservedTenants.Calibration(tenant), Subject, cancellationToken).ConfigureAwait(false);
        _cache[tenant] = (null, time.GetUtcNow() + CacheLifetime);
        return removed > 0;
    }

    /// <summary>One fixed id per tenant, so a new calibration replaces the old record in one upsert.</summary>
    private static Guid RecordId(string tenant) => new(SHA256.HashData(Encoding.UTF8.GetBytes("siamese-calibration\n" + tenant)).AsSpan(0, 16));
}
