using System.Numerics.Tensors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.Index;
using Siamese.Match.Calibration;
using Siamese.Model;
using Siamese.Inference;
using Siamese.Match.Embeddings;
using Siamese.Match.Feedback;
using Siamese.ServiceDefaults;

namespace Siamese.Match;

/// <summary>
/// Enrol, identify, verify and manage subjects. Takes already-decoded crops or embeddings, so the gRPC
/// service and the bus consumers share it. Tenants are checked here; "known" means the nearest subject's
/// nearest example is within the threshold (the caller's override, else the tenant's calibration, else the model's
/// calibrated threshold) and the probe is not nearer to that subject's reported wrong matches than to its examples.
/// </summary>
public sealed class IdentificationService(
    MatchState state, IEmbeddingClient embeddings, TenantThresholds thresholds, NegativeExamples negatives, MatchMetrics metrics,
    IOptions<MatchOptions> options, ILogger<IdentificationService> logger)
{
    private readonly MatchOptions _options = options.Value;

    /// <summary>The model behind the embeddings.</summary>
    public EmbedderModel Model => state.Model;

    /// <summary>
    /// Stores one example per crop and per embedding for the subject (durable when this completes). An example's id follows
    /// its content (<see cref="ExampleIds"/>): the same photo or embedding of the subject sent again replaces its example.
    /// </summary>
    public async Task<EnrollResult> EnrollAsync(
        string? tenant, string? subjectId, string? displayName, IReadOnlyList<ModelCrop> crops, IReadOnlyList<float[]>? vectors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var s = Identifiers.Subject(subjectId);
        var given = Identifiers.DisplayName(displayName);
        vectors ??= [];
        var total = crops.Count + vectors.Count;
        if (total == 0)
        {
            throw new ArgumentException("The enrolment has no images and no embeddings: send at least one.");
        }

        if (total > _options.MaxExamplesPerEnroll)
        {
            throw new LimitExceededException($"The enrolment has {total} examples; at most {_options.MaxExamplesPerEnroll} are allowed per call.");
        }

        var index = state.Index;
        CheckEmbeddings(vectors, "embedding");
        var computed = crops.Count > 0 ? await embeddings.EmbedAsync(crops, cancellationToken).ConfigureAwait(false) : [];
        // Enrolling more examples without a name keeps the subject's name; a new subject without one is named by its id.
        var name = given ?? (await index.GetSubjectAsync(t, s, cancellationToken).ConfigureAwait(false))?.DisplayName ?? s;
        // Ids follow the content: the same photo (or embedding) of the subject enrolled again replaces its example.
        var ids = crops.Select(c => ExampleIds.Of(t, s, c)).Concat(vectors.Select(v => ExampleIds.Of(t, s, v))).ToList();
        var records = ids.Zip(computed.Concat(vectors), (id, v) => new VectorRecord(id, t, s, name, v)).DistinctBy(r => r.Id).ToList();
        var added = await index.UpsertAsync(records, cancellationToken).ConfigureAwait(false);
        metrics.RecordEnrolled(records.Count);
        metrics.SetExamples(t, await index.CountAsync(t, cancellationToken).ConfigureAwait(false));
        var subject = await index.GetSubjectAsync(t, s, cancellationToken).ConfigureAwait(false);
        MatchLog.Enrolled(logger, records.Count, added, s, t);
        return new EnrollResult(ids, subject?.ExampleCount ?? records.Count, added);
    }

    /// <summary>Embeds the crops and identifies each one.</summary>
    public async Task<IReadOnlyList<IdentifyResult>> IdentifyAsync(
        string? tenant, IReadOnlyList<(PixelRect Box, ModelCrop Crop)> crops, int topK = 0, float? threshold = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var (t, k, limit) = await PrepareSearchAsync(tenant, topK, threshold, cancellationToken).ConfigureAwait(false);
        if (crops.Count == 0)
        {
            return [];
        }

        var vectors = await embeddings.EmbedAsync([.. crops.Select(c => c.Crop)], cancellationToken).ConfigureAwait(false);
        var results = new IdentifyResult[crops.Count];
        for (var i = 0; i < crops.Count; i++)
        {
            results[i] = await SearchAsync(t, crops[i].Box, vectors[i], k, limit, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Identifies precomputed embeddings (from the embed service or the bus).</summary>
    public async Task<IReadOnlyList<IdentifyResult>> IdentifyEmbeddingsAsync(
        string? tenant, IReadOnlyList<float[]> vectors, int topK = 0, float? threshold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var (t, k, limit) = await PrepareSearchAsync(tenant, topK, threshold, cancellationToken).ConfigureAwait(false);
        CheckEmbeddings(vectors, "embedding");
        var results = new IdentifyResult[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            results[i] = await SearchAsync(t, null, vectors[i], k, limit, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>Distance between two crops (decided with the tenant's threshold).</summary>
    public async Task<VerifyResult> VerifyAsync(
        string? tenant, ModelCrop first, ModelCrop second, float? threshold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var (limit, _) = await ThresholdAsync(t, threshold, cancellationToken).ConfigureAwait(false);
        var v = await embeddings.EmbedAsync([first, second], cancellationToken).ConfigureAwait(false);
        var distance = TensorPrimitives.Distance(v[0], v[1]);
        return new VerifyResult(distance, distance <= limit, limit);
    }

    /// <summary>Distance between a crop and an enrolled subject's nearest example.</summary>
    public async Task<VerifyResult> VerifySubjectAsync(
        string? tenant, ModelCrop crop, string? subjectId, float? threshold = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crop);
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var s = Identifiers.Subject(subjectId);
        var (limit, _) = await ThresholdAsync(t, threshold, cancellationToken).ConfigureAwait(false);
        var index = state.Index;
        var examples = await RequireTenantAsync(index, t, cancellationToken).ConfigureAwait(false);
        _ = await index.GetSubjectAsync(t, s, cancellationToken).ConfigureAwait(false) ?? throw SubjectNotFound(t, s);
        var v = await embeddings.EmbedAsync([crop], cancellationToken).ConfigureAwait(false);

        // One hit per subject: asking for as many hits as there are examples is sure to include this subject.
        var hits = await index.SearchAsync(t, v[0], (int)Math.Min(examples, int.MaxValue), null, cancellationToken).ConfigureAwait(false);
        var hit = hits.FirstOrDefault(h => h.SubjectId == s) ?? throw SubjectNotFound(t, s);
        return new VerifyResult(hit.Distance, hit.Distance <= limit, limit);
    }

    /// <summary>
    /// Stores the probe as a negative example of the subject ("not this person"); returns its id, the subject's
    /// negative count afterwards, and the probe's distance to the subject's nearest example.
    /// </summary>
    public async Task<WrongMatchResult> ReportWrongMatchAsync(
        string? tenant, string? subjectId, ModelCrop? crop, float[]? vector, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var s = Identifiers.Subject(subjectId);
        if ((crop is null) == (vector is null))
        {
            throw new ArgumentException("The report needs the probe: set 'image' (encoded bytes) or 'embedding'.");
        }

        var index = state.Index;
        var examples = await RequireTenantAsync(index, t, cancellationToken).ConfigureAwait(false);
        var subject = await index.GetSubjectAsync(t, s, cancellationToken).ConfigureAwait(false) ?? throw SubjectNotFound(t, s);
        if (vector is not null)
        {
            CheckEmbeddings([vector], "embedding");
        }

        var probe = vector ?? (await embeddings.EmbedAsync([crop!], cancellationToken).ConfigureAwait(false))[0];
        var hits = await index.SearchAsync(t, probe, (int)Math.Min(examples, int.MaxValue), null, cancellationToken).ConfigureAwait(false);
        var distance = hits.FirstOrDefault(h => h.SubjectId == s)?.Distance ?? float.NaN;
        var (id, count) = await negatives.AddAsync(t, s, subject.DisplayName, probe, cancellationToken).ConfigureAwait(false);
        MatchLog.WrongMatchReported(logger, s, t, count);
        return new WrongMatchResult(id, count, distance);
    }

    /// <summary>A page of the tenant's subjects with their example and wrong-match counts.</summary>
    public async Task<SubjectListing> ListSubjectsAsync(string? tenant, int pageSize, string? pageToken, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        if (pageSize is < 0 or > 1000)
        {
            throw new ArgumentException($"Page size {pageSize} is out of range: use 1..1000 (0 means 100).");
        }

        var index = state.Index;
        await RequireTenantAsync(index, t, cancellationToken).ConfigureAwait(false);
        CheckPageToken(pageToken);
        var page = await index.ListSubjectsAsync(t, pageSize == 0 ? 100 : pageSize, string.IsNullOrEmpty(pageToken) ? null : pageToken, cancellationToken)
            .ConfigureAwait(false);
        var any = await negatives.TenantCountAsync(t, cancellationToken).ConfigureAwait(false) > 0;
        var subjects = new List<SubjectSummary>(page.Subjects.Count);
        foreach (var subject in page.Subjects)
        {
            var negativeCount = any ? await negatives.CountAsync(t, subject.SubjectId, cancellationToken).ConfigureAwait(false) : 0;
            subjects.Add(new SubjectSummary(subject.SubjectId, subject.DisplayName, subject.ExampleCount, negativeCount));
        }

        return new SubjectListing(subjects, page.NextPageToken);
    }

    public async Task<SubjectSummary> GetSubjectAsync(string? tenant, string? subjectId, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var s = Identifiers.Subject(subjectId);
        var index = state.Index;
        await RequireTenantAsync(index, t, cancellationToken).ConfigureAwait(false);
        var subject = await index.GetSubjectAsync(t, s, cancellationToken).ConfigureAwait(false) ?? throw SubjectNotFound(t, s);
        var negativeCount = await negatives.CountAsync(t, s, cancellationToken).ConfigureAwait(false);
        return new SubjectSummary(subject.SubjectId, subject.DisplayName, subject.ExampleCount, negativeCount);
    }

    /// <summary>Removes every example of the subject; returns how many.</summary>
    public async Task<int> DeleteSubjectAsync(string? tenant, string? subjectId, CancellationToken cancellationToken = default)
    {
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        var s = Identifiers.Subject(subjectId);
        var index = state.Index;
        await RequireTenantAsync(index, t, cancellationToken).ConfigureAwait(false);
        var removed = await index.DeleteSubjectAsync(t, s, cancellationToken).ConfigureAwait(false);
        if (removed == 0)
        {
            throw SubjectNotFound(t, s);
        }

        metrics.SetExamples(t, await index.CountAsync(t, cancellationToken).ConfigureAwait(false));
        // A subject enrolled again later under the same id starts without the old one's wrong-match reports.
        await negatives.DeleteSubjectAsync(t, s, cancellationToken).ConfigureAwait(false);

        MatchLog.Deleted(logger, s, removed, t);
        return removed;
    }

    /// <summary>The threshold a tenant's decisions use now, and where it comes from.</summary>
    public async Task<(float Threshold, ThresholdSource Source)> ThresholdAsync(string tenant, float? requested, CancellationToken cancellationToken)
    {
        if (requested is { } value)
        {
            return float.IsFinite(value) && value > 0
                ? (value, ThresholdSource.Request)
                : throw new ArgumentException(
                    $"Threshold override {value} is not valid: use a positive distance, or leave it unset for the tenant's (or the model's) threshold.");
        }

        return await thresholds.GetAsync(tenant, cancellationToken).ConfigureAwait(false) is { } calibration
            ? (calibration.Threshold, ThresholdSource.Tenant)
            : (state.Model.Metadata.Threshold, ThresholdSource.Model);
    }

    private async Task<(string Tenant, int TopK, (float Value, ThresholdSource Source) Threshold)> PrepareSearchAsync(
        string? tenant, int topK, float? threshold, CancellationToken cancellationToken)
    {
        var t = Identifiers.Tenant(tenant, _options.DefaultTenant);
        if (topK < 0 || topK > _options.MaxTopK)
        {
            throw new ArgumentException($"top_k (topK over HTTP) {topK} is out of range: use 1..{_options.MaxTopK} (0 means {_options.DefaultTopK}).");
        }

        await RequireTenantAsync(state.Index, t, cancellationToken).ConfigureAwait(false);
        var limit = await ThresholdAsync(t, threshold, cancellationToken).ConfigureAwait(false);
        return (t, topK == 0 ? _options.DefaultTopK : topK, limit);
    }

    /// <summary>
    /// The nearest subjects and the decision: the nearest candidate within the threshold that the probe is not
    /// nearer to a reported wrong match of than to its examples (so a refused subject passes the answer to the next).
    /// </summary>
    private async Task<IdentifyResult> SearchAsync(
        string tenant, PixelRect? box, float[] vector, int topK, (float Value, ThresholdSource Source) threshold, CancellationToken cancellationToken)
    {
        var hits = await state.Index.SearchAsync(tenant, vector, topK, null, cancellationToken).ConfigureAwait(false);
        var nearestNegatives = await negatives.NearestAsync(tenant, vector, cancellationToken).ConfigureAwait(false);
        var refused = hits.Where(h => nearestNegatives.TryGetValue(h.SubjectId, out var n) && n < h.Distance).Select(h => h.SubjectId)
            .ToHashSet(StringComparer.Ordinal);
        var match = hits.FirstOrDefault(h => h.Distance <= threshold.Value && !refused.Contains(h.SubjectId));
        metrics.RecordDecision(match is not null, hits.Count > 0 ? hits[0].Distance : null, threshold.Value);
        return new IdentifyResult(box, hits, match, threshold.Value)
        {
            ThresholdSource = threshold.Source,
            NegativeDistances = nearestNegatives,
            Refused = refused,
        };
    }

    /// <summary>A token names the last subject of the previous page: one that decodes to no valid subject id was never handed out.</summary>
    private static void CheckPageToken(string? pageToken)
    {
        if (!string.IsNullOrEmpty(pageToken) && SubjectPageToken.Decode(pageToken) is var last
            && (Contracts.NameRules.SubjectError(last) is not null || SubjectPageToken.Encode(last!) != pageToken))
        {
            throw new ArgumentException("Page token is not one this service returned: pass next_page_token of the previous page, or none for the first.");
        }
    }

    private void CheckEmbeddings(IReadOnlyList<float[]> vectors, string what)
    {
        var dimension = state.Model.Metadata.EmbeddingDimension;
        for (var i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i] ?? throw new ArgumentException($"{what} {i} is missing.");
            if (v.Length != dimension)
            {
                throw new ArgumentException($"{what} {i} has {v.Length} values; the model's embeddings have {dimension}.");
            }

            if (!v.All(float.IsFinite))
            {
                throw new ArgumentException($"{what} {i} holds a value that is not a finite number.");
            }
        }
    }

    private async Task<long> RequireTenantAsync(IVectorIndex index, string tenant, CancellationToken cancellationToken)
    {
        var count = await index.CountAsync(tenant, cancellationToken).ConfigureAwait(false);
        metrics.SetExamples(tenant, count);
        return count > 0 ? count : throw new ResourceNotFoundException($"Tenant '{tenant}' has no enrolled subjects: enrol one first (or check the tenant name).");
    }

    private static ResourceNotFoundException SubjectNotFound(string tenant, string subject) =>
        new($"Subject '{subject}' is not enrolled in tenant '{tenant}'.");
}
