using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.Match.Embeddings;
using Siamese.Model;

namespace Siamese.Match.Calibration;

/// <summary>
/// Per-tenant thresholds: computes one from labelled crops of the tenant's own cameras for a target false-accept
/// rate (<see cref="ThresholdCalibrator"/>), stores it (<see cref="TenantThresholds"/>), reports what is in force.
/// </summary>
public sealed class CalibrationService(
    MatchState state, IEmbeddingClient embeddings, TenantThresholds thresholds, IOptions<MatchOptions> options, TimeProvider time,
    ILogger<CalibrationService> logger)
{
    /// <summary>Crops embedded per call to the model, so a large calibration does not become one huge batch.</summary>
    private const int EmbedChunk = 64;

    /// <summary>
    /// Embeds the crops, computes the threshold for <paramref name="targetFalseAcceptRate"/> (0: the model's calibration
    /// target) and stores it unless <paramref name="dryRun"/>.
    /// </summary>
    public async Task<TenantCalibration> CalibrateAsync(
        string? tenant, IReadOnlyList<(string Label, ModelCrop Crop)> crops, IReadOnlyList<(string Label, float[] Vector)> vectors,
        double targetFalseAcceptRate, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        ArgumentNullException.ThrowIfNull(vectors);
        var t = Identifiers.Tenant(tenant, options.Value.DefaultTenant);
        var metadata = state.Model.Metadata;
        var target = targetFalseAcceptRate == 0
            ? (metadata.ThresholdFalseAcceptRate is > 0 and <= 0.5 ? metadata.ThresholdFalseAcceptRate : 0.01)
            : targetFalseAcceptRate;
        if (crops.Count + vectors.Count > ThresholdCalibrator.MaxSamples)
        {
            throw new ArgumentException($"The calibration has {crops.Count + vectors.Count} images; at most {ThresholdCalibrator.MaxSamples} are used in one call.");
        }

        var samples = new List<(string Label, float[] Vector)>(crops.Count + vectors.Count);
        for (var start = 0; start < crops.Count; start += EmbedChunk)
        {
            var chunk = crops.Skip(start).Take(EmbedChunk).ToList();
            var computed = await embeddings.EmbedAsync([.. chunk.Select(c => c.Crop)], cancellationToken).ConfigureAwait(false);
            samples.AddRange(chunk.Select((c, i) => (Label(c.Label, start + i), computed[i])));
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            var (label, vector) = vectors[i];
            if (vector is null || vector.Length != metadata.EmbeddingDimension || !vector.All(float.IsFinite))
            {
                throw new ArgumentException($"embedding {i} must hold {metadata.EmbeddingDimension} finite values.");
            }

            samples.Add((Label(label, crops.Count + i), vector));
        }

        var calibration = ThresholdCalibrator.Calibrate(samples, target, metadata.ModelId, time.GetUtcNow());
        if (!dryRun)
        {
            await thresholds.SetAsync(t, calibration, cancellationToken).ConfigureAwait(false);
            MatchLog.Calibrated(logger, t, calibration.Threshold, target, calibration.GenuinePairs, calibration.ImpostorPairs);
        }

        return calibration;
    }

    /// <summary>The calibration in force for the tenant: its own, or the model's threshold.</summary>
    public async Task<TenantCalibration> GetAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, options.Value.DefaultTenant);
        return await thresholds.GetAsync(t, cancellationToken).ConfigureAwait(false) ?? ModelDefault();
    }

    /// <summary>Removes the tenant's calibration; returns the model's threshold, now in force.</summary>
    public async Task<TenantCalibration> DeleteAsync(string? tenant, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, options.Value.DefaultTenant);
        await thresholds.DeleteAsync(t, cancellationToken).ConfigureAwait(false);
        return ModelDefault();
    }

    private TenantCalibration ModelDefault()
    {
        var m = state.Model.Metadata;
        return new TenantCalibration(ThresholdSource.Model, m.Threshold, m.ThresholdFalseAcceptRate, double.NaN, double.NaN, 0, 0, 0, 0, m.ModelId, null)
        {
            Notes = ["The model's threshold, calibrated by the trainer on its validation identities; this tenant has no calibration of its own."],
        };
    }

    private static string Label(string? label, int index) =>
        string.IsNullOrWhiteSpace(label) || label.Length > Contracts.NameRules.MaxSubjectLength || label.Any(char.IsControl)
            ? throw new ArgumentException($"image {index} has no valid label: use 1..{Contracts.NameRules.MaxSubjectLength} characters without control characters.")
            : label;
}
