using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Siamese.Index.Qdrant;

/// <summary>
/// <see cref="IVectorIndex"/> on a Qdrant collection named after the model (prefix + sanitised "name:version"),
/// through the official client (gRPC): Euclid distance, a keyword <c>tenant</c> index marked <c>is_tenant</c> and a
/// keyword <c>subject</c> index. Every read and delete filters by tenant. One hit per subject comes from Qdrant's
/// grouped query (<c>group_by: "subject"</c>, <c>group_size: 1</c>). Failed calls become <see cref="QdrantIndexException"/>.
/// </summary>
public sealed partial class QdrantVectorIndex : IVectorIndex
{
    private const string TenantField = "tenant";
    private const string SubjectField = "subject";
    private const string DisplayNameField = "display_name";
    private const uint ScrollPage = 1024;
    private static readonly WithPayloadSelector ListedPayload = new() { Include = new PayloadIncludeSelector { Fields = { TenantField, SubjectField, DisplayNameField } } };
    private static readonly TimeSpan DeadlineSlack = TimeSpan.FromMilliseconds(20);

    private readonly QdrantClient _client;
    private readonly QdrantOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the index over the collection of <paramref name="space"/>'s model.</summary>
    public QdrantVectorIndex(QdrantClient client, QdrantOptions options, VectorSpace space, ILogger<QdrantVectorIndex>? logger = null)
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

    /// <summary>Another model's collection, to erase a tenant's points from it (<see cref="OtherModelCollections"/>).</summary>
    private QdrantVectorIndex(QdrantClient client, QdrantOptions options, string collection)
    {
        _client = client;
        _options = options;
        _logger = NullLogger.Instance;
        CollectionName = collection;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>The Qdrant collection holding this model's vectors.</summary>
    public string CollectionName { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The collection exists with another vector size or distance.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var info = await GetCollectionAsync(cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            try
            {
                await CallAsync("create collection", () => _client.CreateCollectionAsync(
                    CollectionName,
                    VectorParameters(),
                    hnswConfig: new HnswConfigDiff { M = (ulong)_options.HnswM, EfConstruct = (ulong)_options.HnswEfConstruct },
                    cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
                LogCreated(_logger, CollectionName, Dimension);
            }
            catch (QdrantIndexException e) when (e.StatusCode == StatusCode.AlreadyExists)
            {
                // Another replica created it first; check what it created below.
            }

            info = await GetCollectionAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new QdrantIndexException(CollectionName, "create collection", StatusCode.NotFound, "the collection is still missing after creating it.");
        }

        var vectors = info.Config?.Params?.VectorsConfig?.Params;
        if (vectors is null || vectors.Size != (ulong)Dimension || vectors.Distance != Distance.Euclid)
        {
            throw new InvalidOperationException(
                $"Qdrant collection '{CollectionName}' holds vectors of size {vectors?.Size.ToString(CultureInfo.InvariantCulture) ?? "?"} " +
                $"with distance {vectors?.Distance.ToString() ?? "?"}, but the model needs size {Dimension} with distance {Distance.Euclid}: " +
                "use another Match:Qdrant:CollectionPrefix or delete the collection.");
        }

        await CallAsync("create payload index 'tenant'", () => _client.CreatePayloadIndexAsync(
            CollectionName, TenantField, PayloadSchemaType.Keyword,
            new PayloadIndexParams { KeywordIndexParams = new KeywordIndexParams { IsTenant = true } }, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        await CallAsync("create payload index 'subject'", () => _client.CreatePayloadIndexAsync(
            CollectionName, SubjectField, PayloadSchemaType.Keyword, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Qdrant's upsert does not say which points it created, so the new ones are counted by asking for the batch's ids
    /// just before writing it: a write of the same id by another caller in between can be counted by both.
    /// </remarks>
    public async Task<int> UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorArguments.Records(records, Dimension);
        var added = 0;
        foreach (var batch in records.Chunk(_options.UpsertBatchSize))
        {
            var ids = batch.Select(r => r.Id).Distinct().Select(id => (PointId)id).ToList();
            var stored = await CallAsync("retrieve points", () => _client.RetrieveAsync(
                CollectionName, ids, withPayload: false, withVectors: false, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            added += ids.Count - stored.Count;
            var points = batch.Select(r => new PointStruct
            {
                Id = r.Id,
                Vectors = r.Vector,
                Payload = { [TenantField] = r.Tenant, [SubjectField] = r.SubjectId, [DisplayNameField] = r.DisplayName ?? "" },
            }).ToList();
            await CallAsync("upsert points", () => _client.UpsertAsync(CollectionName, points, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        // The name is the subject's, not one example's: the latest enrolment names every example of it, as in the
        // embedded index. Each point carries the name (a search answers it with the hit), so the older ones are renamed.
        foreach (var named in records.GroupBy(r => (r.Tenant, r.SubjectId)).Select(g => g.Last()))
        {
            var payload = new Dictionary<string, Value> { [DisplayNameField] = named.DisplayName ?? "" };
            var filter = MatchKeyword(TenantField, named.Tenant) & MatchKeyword(SubjectField, named.SubjectId);
            await CallAsync("set payload", () => _client.SetPayloadAsync(CollectionName, payload, filter, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return added;
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

        // For Euclid, Qdrant's score is the distance and score_threshold an upper bound on it.
        var groups = await CallAsync("query groups", () => _client.QueryGroupsAsync(
            CollectionName, SubjectField, query: query.ToArray(), filter: MatchKeyword(TenantField, tenant),
            scoreThreshold: maxDistance, searchParams: _options.ExactSearch ? new SearchParams { Exact = true } : null,
            limit: (ulong)limit, groupSize: 1, payloadSelector: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return groups
            .Where(g => g.Hits.Count > 0)
            .Select(g => g.Hits[0])
            .Where(h => maxDistance is not { } m || h.Score <= m)
            .Select(h => new SearchHit(Text(h.Payload, SubjectField), Text(h.Payload, DisplayNameField), Guid.Parse(h.Id.Uuid), h.Score))
            .OrderBy(h => h.Distance)
            .Take(limit)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<int> DeleteSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        var filter = MatchKeyword(TenantField, tenant) & MatchKeyword(SubjectField, subjectId);

        // Qdrant's delete does not say how many points went; the count just before is the answer
        // (a concurrent enrolment of the same subject could make it off by that enrolment).
        var count = await CountAsync(filter, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return 0;
        }

        await CallAsync("delete points", () => _client.DeleteAsync(CollectionName, filter, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return (int)count;
    }

    /// <inheritdoc />
    /// <remarks>One delete by the tenant's filter, counted just before (as <see cref="DeleteSubjectAsync"/>).</remarks>
    public async Task<long> DeleteTenantAsync(string tenant, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        var filter = MatchKeyword(TenantField, tenant);
        var count = await CountAsync(filter, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return 0;
        }

        await CallAsync("delete points", () => _client.DeleteAsync(CollectionName, filter, wait: true, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return (long)count;
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string tenant, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        return (long)await CountAsync(MatchKeyword(TenantField, tenant), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SubjectInfo?> GetSubjectAsync(string tenant, string subjectId, CancellationToken cancellationToken = default)
    {
        VectorArguments.Tenant(tenant);
        VectorArguments.Subject(subjectId);
        var filter = MatchKeyword(TenantField, tenant) & MatchKeyword(SubjectField, subjectId);
        var count = await CountAsync(filter, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            return null;
        }

        var page = await CallAsync("scroll points", () => _client.ScrollAsync(
            CollectionName, filter, limit: 1, payloadSelector: ListedPayload, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return new SubjectInfo(subjectId, page.Result.Count > 0 ? Text(page.Result[0].Payload, DisplayNameField) : "", (int)count);
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
        PointId? offset = null;
        do
        {
            var page = await CallAsync("scroll points", () => _client.ScrollAsync(
                CollectionName, MatchKeyword(TenantField, tenant), ScrollPage, offset, ListedPayload, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Result)
            {
                var subject = Text(point.Payload, SubjectField);
                if (subject.Length == 0 || (after is not null && string.CompareOrdinal(subject, after) <= 0))
                {
                    continue;
                }

                subjects[subject] = subjects.TryGetValue(subject, out var seen)
                    ? (seen.DisplayName, seen.Count + 1)
                    : (Text(point.Payload, DisplayNameField), 1);
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

    private async Task<CollectionInfo?> GetCollectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync("get collection", () => _client.GetCollectionInfoAsync(CollectionName, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (QdrantIndexException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private VectorParams VectorParameters()
    {
        var parameters = new VectorParams { Size = (ulong)Dimension, Distance = Distance.Euclid };
        if (_options.OnDisk)
        {
            // The 1.20 protos deprecate on_disk for `memory`; on_disk is what every server version understands.
#pragma warning disable CS0612
            parameters.OnDisk = true;
#pragma warning restore CS0612
        }

        return parameters;
    }

    private Task<ulong> CountAsync(Filter filter, CancellationToken cancellationToken) =>
        CallAsync("count points", () => _client.CountAsync(CollectionName, filter, exact: true, cancellationToken: cancellationToken), cancellationToken);

    private Task CallAsync(string operation, Func<Task> call, CancellationToken cancellationToken) => CallAsync(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }, cancellationToken);

    // The one place a client failure becomes this index's error: collection, operation, status and Qdrant's message.
    // Cancelled is the caller's own only when the caller cancelled: a server that gives up answers Cancelled too, and Qdrant
    // answers a call past its deadline Cancelled ("Timeout expired"), which can arrive before the client's deadline timer
    // fires. A call that ran out its deadline is DeadlineExceeded, whoever noticed first. "Ran out" allows 20 ms: timers tick on
    // a coarse clock (4 ms steps on Linux), so a server's timer of exactly the deadline can end up to a step before a
    // Stopwatch says the deadline has passed (measured: Task.Delay(300) ended as early as 297.2 ms in 75 of 200).
    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !cancellationToken.IsCancellationRequested)
        {
            var status = e.StatusCode == StatusCode.Cancelled && Stopwatch.GetElapsedTime(started) >= _options.Timeout - DeadlineSlack
                ? StatusCode.DeadlineExceeded
                : e.StatusCode;
            var detail = status switch
            {
                StatusCode.Unavailable => $"could not reach Qdrant ({e.Status.Detail})",
                StatusCode.DeadlineExceeded => string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.###} s ({e.Status.Detail})"),
                _ => e.Status.Detail,
            };
            LogCallFailed(_logger, operation, CollectionName, status, detail);
            throw new QdrantIndexException(CollectionName, operation, status, detail, e);
        }
        catch (QdrantException e)
        {
            LogCallFailed(_logger, operation, CollectionName, StatusCode.Internal, e.Message);
            throw new QdrantIndexException(CollectionName, operation, StatusCode.Internal, e.Message, e);
        }
    }

    private static string Text(Google.Protobuf.Collections.MapField<string, Value> payload, string field) =>
        payload.TryGetValue(field, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : "";

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Qdrant collection {Collection} (size {Size}, Euclid)")]
    private static partial void LogCreated(ILogger logger, string collection, int size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant {Operation} on collection {Collection} failed with {Status}: {Detail}")]
    private static partial void LogCallFailed(ILogger logger, string operation, string collection, StatusCode status, string detail);
}
