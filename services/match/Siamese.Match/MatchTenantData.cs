using Microsoft.Extensions.Logging;
using Siamese.Index;
using Siamese.Match.Calibration;
using Siamese.Match.Feedback;
using Siamese.Security.Admin;

namespace Siamese.Match;

/// <summary>
/// A tenant's data in the serving model's index — its subjects, their wrong-match reports and its calibrated threshold
/// — erased when the admin API deletes the tenant (<see cref="ITenantData"/>).
/// </summary>
/// <remarks>
/// Also from the indexes of the other models (<see cref="IOtherModelIndexes"/>): an embedded index keeps each model's
/// vectors in a folder of its own, and a Qdrant deployment a collection per model, so a tenant's examples under a model
/// served before stayed there after the tenant was deleted. A folder another process holds (a host serving that model)
/// cannot be opened here: it is named in the log, and the tenant is erased there by deleting it through that host.
/// </remarks>
public sealed partial class MatchTenantData(
    MatchState state, NegativeExamples negatives, TenantThresholds thresholds, MatchMetrics metrics, IEnumerable<IOtherModelIndexes> otherModels,
    ILogger<MatchTenantData> logger) : ITenantData
{
    // Large pages: each page costs a pass over the tenant (Qdrant scrolls every point of it to group them by subject,
    // the embedded index sorts every subject id), so pages of 1,000 made erasing a large tenant quadratic.
    private const int PageSize = 100_000;

    public async Task<ErasedTenantData> EraseAsync(string tenant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var index = state.Index;
        var subjects = await CountSubjectsAsync(index, tenant, cancellationToken).ConfigureAwait(false);

        // One write per index tenant, however many subjects: subject by subject it was a durable write per subject
        // (a tenant of 20,000 took 4.7 s, against 0.18 s: bench/results/erase.json).
        var examples = await index.DeleteTenantAsync(tenant, cancellationToken).ConfigureAwait(false);

        // Every report, also those of subjects deleted before (a subject's reports go with it, but a report and a
        // delete may have crossed).
        examples += await negatives.DeleteTenantAsync(tenant, cancellationToken).ConfigureAwait(false);

        var calibrated = await thresholds.DeleteAsync(tenant, cancellationToken).ConfigureAwait(false);

        // The deletes are log records: the vectors leave the served index's files only when it compacts. A tenant with
        // nothing in this index (never enrolled, or erased before) leaves its files as they are, not rewritten.
        if ((examples > 0 || calibrated) && index is ICompactableIndex compactable)
        {
            await compactable.CompactAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var other in otherModels)
        {
            var erased = await other.EraseAsync([tenant, ReservedTenants.WrongMatches(tenant), ReservedTenants.Calibration(tenant)], cancellationToken).ConfigureAwait(false);
            examples += erased.Examples;
            foreach (var (otherIndex, count) in erased.Erased.Where(e => e.Examples > 0))
            {
                LogErasedElsewhere(logger, tenant, count, otherIndex);
            }

            foreach (var skipped in erased.Skipped)
            {
                LogNotErased(logger, tenant, skipped);
            }
        }

        metrics.SetExamples(tenant, 0);
        return new ErasedTenantData(subjects, examples);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant {Tenant}: {Examples} examples erased from the index of another model, {Index}")]
    private static partial void LogErasedElsewhere(ILogger logger, string tenant, long examples, string index);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Tenant}: the index of another model could not be opened to erase it, {Skipped}")]
    private static partial void LogNotErased(ILogger logger, string tenant, string skipped);

    /// <summary>How many subjects the tenant has, counted a page at a time.</summary>
    private static async Task<int> CountSubjectsAsync(IVectorIndex index, string tenant, CancellationToken cancellationToken)
    {
        var subjects = 0;
        string? token = null;
        do
        {
            var page = await index.ListSubjectsAsync(tenant, PageSize, token, cancellationToken).ConfigureAwait(false);
            subjects += page.Subjects.Count;
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));

        return subjects;
    }
}
