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
    /// Embeds crops whose labels were checked (<see cref="ValidLabel"/>), <see cref="EmbedChunk"/> at a time: a calibration
    /// sent over several messages embeds each message's crops as it arrives and keeps only the embeddings.
    /// </summary>
    public async Task<List<(string Label, float[] Vector)>> EmbedAsync(IReadOnlyList<(string Label, ModelCrop Crop)> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var samples = new List<(string Label, float[] Vector)>(crops.Count);
        for (var start = 0; start < crops.Count; start += EmbedChunk)
        {
            var chunk = crops.Skip(start).Take(EmbedChunk).ToList();
            var computed = await embeddings.EmbedAsync([.. chunk.Select(c => c.Crop)], cancellationToken).ConfigureAwait(false);
            samples.AddRange(chunk.Select((c, i) => (c.Label, computed[i])));
        }

        return samples;
    }

    /// <summary>
    /// Computes the threshold from labelled embeddings already checked (<see cref="ValidLabel"/>, <see cref="ValidVector"/>)
    /// and stores it unless <paramref name="dryRun"/>.
    /// </summary>
    public async Task<TenantCalibration> CalibrateSamplesAsync(
        string? tenant, IReadOnlyList<(string Label, float[] Vector)> samples, double targetFalseAcceptRate, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var t = Identifiers.Tenant(tenant, options.Value.DefaultTenant);
        var metadata = state.Model.Metadata;
        var target = targetFalseAcceptRate == 0
            ? (metadata.ThresholdFalseAcceptRate is > 0 and <= 0.5 ? metadata.ThresholdFalseAcceptRate : 0.01)
            : targetFalseAcceptRate;
        var calibration = ThresholdCalibrator.Calibrate(samples, target, metadata.ModelId, time.GetUtcNow());
        if (!dryRun)
        {
            await thresholds.SetAsync(t, calibration, cancellationToken).ConfigureAwait(false);
            MatchLog.Calibrated(logger, t, calibration.Threshold, target, calibration.GenuinePairs, calibration.ImpostorPairs);
        }

        return calibration;
    }

    /// <summary>The label of <paramref name="what"/> ("image 3"), or an error naming it.</summary>
    public static string ValidLabel(string? label, string what) =>
        string.IsNullOrWhiteSpace(label) || label.Length > Contracts.NameRules.MaxSubjectLength || label.Any(char.IsControl)
            ? throw new ArgumentException($"{what} has no valid label: use 1..{Contracts.NameRules.MaxSubjectLength} characters without control characters.")
            : label;

    /// <summary>An embedding sent with the calibration, or an error naming it (<paramref name="what"/>) when not the model's dimension or not finite.</summary>
    public float[] ValidVector(float[]? vector, string what)
    {
        var dimension = state.Model.Metadata.EmbeddingDimension;
        return vector is null || vector.Length != dimension || !vector.All(float.IsFinite)
            ? throw new ArgumentException($"{what} must hold {dimension} finite values.")
            : vector;
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
}
