using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Siamese.Index.Qdrant.Api;

namespace Siamese.Index.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> on a Qdrant collection named after the model (prefix + sanitised "name:version"),
/// Euclid distance, a keyword <c>tenant</c> index marked <c>is_tenant</c> and a keyword <c>subject</c> index.
/// Every read and delete filters by tenant. One hit per subject comes from Qdrant's grouped search
/// (<c>group_by: "subject"</c>, <c>group_size: 1</c>).
/// </summary>
public sealed partial class QdrantVectorIndex : IVectorIndex
{
    private const string Distance = "Euclid";
    private const int ScrollPage = 1024;
    private static readonly string[] ListedPayload = ["tenant", "subject", "display_name"];

    private readonly IQdrantClient _client;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the index over the collection of <paramref name="space"/>'s model.</summary>
    public QdrantVectorIndex(IQdrantClient client, QdrantOptions options, VectorSpace space, ILogger<QdrantVectorIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(space);
        _client = client;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Dimension = space.Dimension;
        CollectionName = options.CollectionPrefix + space.SafeName;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The Qdrant collection holding this model's vectors.</summary>
    public string CollectionName { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The collection exists with another vector size or distance.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var info = await _client.GetCollectionAsync(CollectionName, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            var request = new CreateCollectionRequest(
                new VectorParams(Dimension, Distance, _options.OnDisk ? true : null),
                new HnswConfig(_options.HnswM, _options.HnswEfConstruct));
            try
            {
                await _client.CreateCollectionAsync(CollectionName, request, cancellationToken).ConfigureAwait(false);
                LogCreated(_logger, CollectionName, Dimension);
            }
            catch (QdrantException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // Another replica created it first; check what it created below.
            }

            info = await _client.GetCollectionAsync(CollectionName, cancellationToken).ConfigureAwait(false)
                ?? throw new QdrantException(CollectionName, "create collection", null, "the collection is still missing after creating it.");
        }

        var vectors = info.Config?.Params?.Vectors;
        if (vectors is null || vectors.Size != Dimension || !string.Equals(vectors.Distance, Distance, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Qdrant collection '{CollectionName}' holds vectors of size {vectors?.Size.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} " +
                $"with distance {vectors?.Distance ?? "?"}, but the model needs size {Dimension} with distance {Distance}: " +
                "use another Match:Qdrant:CollectionPrefix or delete the collection.");
        }

        await _client.CreatePayloadIndexAsync(CollectionName,
            new CreateFieldIndexRequest("tenant", new PayloadFieldSchema("keyword", IsTenant: true)), cancellationToken).ConfigureAwait(false);
        await _client.CreatePayloadIndexAsync(CollectionName,
            new CreateFieldIndexRequest("subject", new PayloadFieldSchema("keyword")), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorArguments.Records(records, Dimension);
        foreach (var batch in records.Chunk(_options.UpsertBatchSize))
        {
            var points = batch
                .Select(r => new PointStruct(r.Id, r.Vector, new PointPayload(r.Tenant, r.SubjectId, r.DisplayName ?? "")))
                .ToList();
            await _client.UpsertPointsAsync(CollectionName, new UpsertPointsRequest(points), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(
        string tenant, ReadOnlyMemory<float> query, int limit, float? maxDistance = null, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Vector(query.Span, Dimension, nameof(query));
        VectorArguments.Positive(limit, nameof(limit));
        if (maxDistance is { } max && (float.IsNaN(max) || max < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDistance), max, "maxDistance must be a non-negative number.");
        }

        var request = new SearchGroupsRequest(
            query.ToArray(), Filter.For(tenant), GroupBy: "subject", GroupSize: 1, Limit: limit,
            ScoreThreshold: maxDistance, WithPayload: true, Params: _options.ExactSearch ? new SearchParams(Exact: true) : null);
        var result = await _client.SearchGroupsAsync(CollectionName, request, cancellationToken).ConfigureAwait(false);
        return result.Groups
            .Where(g => g.Hits.Count > 0)
            .Select(g => g.Hits[0])
            .Where(h => maxDistance is not { } m || h.Score <= m)
            .Select(h => new SearchHit(h.Payload?.Subject ?? "", h.Payload?.DisplayName ?? "", h.Id, h.Score))
            .OrderBy(h => h.Distance)
            .Take(limit)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<int> DeleteSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        var filter = Filter.For(tenant, subjectId);

        // Qdrant's delete does not say how many points went; the count just before is the answer
        // (a concurrent enrolment of the same subject could make it off by that enrolment).
        var count = await _client.CountAsync(CollectionName, new CountRequest(filter), cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return 0;
        }

        await _client.DeletePointsAsync(CollectionName, new DeletePointsRequest(filter), cancellationToken).ConfigureAwait(false);
        return (int)count;
    }

    /// <inheritdoc />
    public Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        return _client.CountAsync(CollectionName, new CountRequest(Filter.For(tenant)), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SubjectInfo?> GetSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        var filter = Filter.For(tenant, subjectId);
        var count = await _client.CountAsync(CollectionName, new CountRequest(filter), cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return null;
        }

        var page = await _client.ScrollAsync(CollectionName, new ScrollRequest(filter, 1, null, ListedPayload), cancellationToken).ConfigureAwait(false);
        return new SubjectInfo(subjectId, page.Points.FirstOrDefault()?.Payload?.DisplayName ?? "", (int)count);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Qdrant cannot order a scroll by a keyword field, so this scrolls every point of the tenant and groups
    /// client-side: cost grows with the tenant's examples, fine for an admin listing, not for a hot path.
    /// </remarks>
    public async Task<SubjectPage> ListSubjectsAsync(
        string tenant, int pageSize, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Positive(pageSize, nameof(pageSize));
        var after = SubjectPageToken.Decode(pageToken);
        var subjects = new SortedDictionary<string, (string DisplayName, int Count)>(StringComparer.Ordinal);
        Guid? offset = null;
        do
        {
            var page = await _client.ScrollAsync(CollectionName, new ScrollRequest(Filter.For(tenant), ScrollPage, offset, ListedPayload), cancellationToken)
                .ConfigureAwait(false);
            foreach (var point in page.Points)
            {
                if (point.Payload is not { } payload || (after is not null && string.CompareOrdinal(payload.Subject, after) <= 0))
                {
                    continue;
                }

                subjects[payload.Subject] = subjects.TryGetValue(payload.Subject, out var seen)
                    ? (seen.DisplayName, seen.Count + 1)
                    : (payload.DisplayName, 1);
            }

            offset = page.NextPageOffset;
        }
        while (offset is not null);

        var list = subjects.Take(pageSize).Select(s => new SubjectInfo(s.Key, s.Value.DisplayName, s.Value.Count)).ToList();
        var next = subjects.Count > pageSize ? SubjectPageToken.Encode(list[^1].SubjectId) : null;
        return new SubjectPage(list, next);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} (size {Size}, Euclid)")]
    private static partial void LogCreated(ILogger logger, string collection, int size);
}
