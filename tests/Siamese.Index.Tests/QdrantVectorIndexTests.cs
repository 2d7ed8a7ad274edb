using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using Siamese.Index.Qdrant;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Index.Tests;

/// <summary>What only the Qdrant index promises, through the official client over the fake: collection setup, api key, retries, deadlines, clear errors.</summary>
public sealed class QdrantVectorIndexTests : IAsyncLifetime
{
    private const string Collection = "siamese_face_tower_1_2";
    private static readonly VectorSpace Space = new("Face Tower:1.2", 4);
    private readonly List<ServiceProvider> _providers = [];
    private FakeQdrantServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeQdrantServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task InitializeCreatesAEuclidCollectionNamedAfterTheModelWithTenantIndex()
    {
        var index = Index();

        await index.InitializeAsync();
        await index.InitializeAsync();

        var name = Assert.Single(_fake.Collections.Keys);
        Assert.Equal(Collection, name);
        var collection = _fake.Collections[name];
        Assert.Equal((4ul, Distance.Euclid), (collection.Vectors.Size, collection.Vectors.Distance));
        Assert.Equal(PayloadSchemaType.Keyword, collection.PayloadIndexes["tenant"].DataType);
        Assert.True(collection.PayloadIndexes["tenant"].Params.KeywordIndexParams.IsTenant);
        Assert.Equal(PayloadSchemaType.Keyword, collection.PayloadIndexes["subject"].DataType);
        var index2 = Assert.IsType<CreateFieldIndexCollection>(_fake.LastRequests["Points/CreateFieldIndex"]);
        Assert.True(index2.Wait);
    }

    [Fact]
    public async Task ExistingCollectionOfAnotherSizeFailsAtStartNamingBothSizes()
    {
        _fake.Collections[Collection] = new FakeCollection(new VectorParams { Size = 128, Distance = Distance.Euclid });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().InitializeAsync());

        Assert.Contains(Collection, e.Message, StringComparison.Ordinal);
        Assert.Contains("size 128", e.Message, StringComparison.Ordinal);
        Assert.Contains("size 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingCollectionWithAnotherDistanceFailsAtStart()
    {
        _fake.Collections[Collection] = new FakeCollection(new VectorParams { Size = 4, Distance = Distance.Cosine });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().InitializeAsync());

        Assert.Contains("Cosine", e.Message, StringComparison.Ordinal);
        Assert.Contains("Euclid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertWaitsUntilQdrantHasAppliedIt()
    {
        var index = Index();
        await index.InitializeAsync();

        await index.UpsertAsync([Record("alice", 1)]);

        var upsert = Assert.IsType<UpsertPoints>(_fake.LastRequests["Points/Upsert"]);
        Assert.True(upsert.Wait);
        var payload = Assert.Single(upsert.Points).Payload;
        Assert.Equal(("t", "alice", "ALICE"), (payload["tenant"].StringValue, payload["subject"].StringValue, payload["display_name"].StringValue));
    }

    [Fact]
    public async Task ApiKeyIsSentWithEveryCall()
    {
        _fake.RequiredApiKey = "s3cret";
        var index = Index(new() { ["Match:Qdrant:ApiKey"] = "s3cret" });

        await index.InitializeAsync();
        await index.UpsertAsync([Record("alice", 1)]);
        await index.SearchAsync("t", Vector(1), 1);

        Assert.NotEmpty(_fake.Requests);
        Assert.All(_fake.Requests, r => Assert.Equal("s3cret", r.ApiKey));
    }

    [Fact]
    public async Task WrongApiKeyIsAnErrorNamingCollectionOperationAndStatus()
    {
        _fake.RequiredApiKey = "s3cret";
        var index = Index(new() { ["Match:Qdrant:ApiKey"] = "wrong" });

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => index.InitializeAsync());

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains(Collection, e.Message, StringComparison.Ordinal);
        Assert.Contains("get collection", e.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingApiKeyIsUnauthenticated()
    {
        _fake.RequiredApiKey = "s3cret";

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => Index().InitializeAsync());

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Contains("Must provide an API key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCollectionIsAnErrorNamingIt()
    {
        var index = Index();

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => index.SearchAsync("t", Vector(1), 1));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains($"query groups on collection '{Collection}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("doesn't exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QdrantsRejectionOfAWrongVectorSizeCarriesItsMessage()
    {
        var provider = Provider();
        await provider.GetRequiredService<IVectorIndex>().InitializeAsync();
        var client = provider.GetRequiredService<QdrantClient>();

        var e = await Assert.ThrowsAsync<RpcException>(() => client.UpsertAsync(Collection,
            [new PointStruct { Id = Guid.NewGuid(), Vectors = new[] { 1f, 2f }, Payload = { ["tenant"] = "t" } }]));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("expected dim: 4, got 2", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnavailableCallsAreRetried()
    {
        var index = Index();
        await index.InitializeAsync();
        _fake.FailNext(2, StatusCode.Unavailable);

        await index.UpsertAsync([Record("alice", 1)]);

        // The first call of an upsert asks which of its ids are stored already; it is the one that failed twice.
        Assert.Equal(1, await index.CountAsync("t"));
        Assert.Equal((3, 1), (_fake.Requests.Count(r => r.Method == "Points/Get"), _fake.Requests.Count(r => r.Method == "Points/Upsert")));
    }

    [Fact]
    public async Task PersistentUnavailabilitySurfacesAfterTheRetries()
    {
        var index = Index(new() { ["Match:Qdrant:Retries"] = "2" });
        await index.InitializeAsync();
        _fake.FailNext(3, StatusCode.Unavailable);

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => index.CountAsync("t"));

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("count points", e.Message, StringComparison.Ordinal);
        Assert.Contains("injected fault", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, _fake.Requests.Count(r => r.Method == "Points/Count"));
    }

    [Fact]
    public async Task AnInternalErrorIsNotRetried()
    {
        var index = Index();
        await index.InitializeAsync();
        _fake.FailNext(1, StatusCode.Internal);

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => index.CountAsync("t"));

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Single(_fake.Requests, r => r.Method == "Points/Count");
    }

    [Fact]
    public async Task ACallPastTheTimeoutFailsWithDeadlineExceededNamingTheCollection()
    {
        await Index().InitializeAsync();
        var impatient = Index(new() { ["Match:Qdrant:Timeout"] = "00:00:00.300" });
        _fake.DelayNext(1, TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => impatient.CountAsync("t"));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Contains(Collection, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QdrantGivingUpOnItsDeadlineIsDeadlineExceededToo()
    {
        // Qdrant answers a call past its grpc-timeout Cancelled ("Timeout expired"), possibly before the client's own timer
        // fires, and by a coarse timer that can end a step early: here 10 ms before the deadline.
        await Index().InitializeAsync();
        var impatient = Index(new() { ["Match:Qdrant:Timeout"] = "00:00:00.300" });

        // Warm, so the deadline is set as the call starts, not after a first call's JIT; retried, as on a loaded machine
        // (a stress run beside three busy loops) the first call itself ran past 0.3 s.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await impatient.CountAsync("t");
                break;
            }
            catch (QdrantIndexException) when (attempt < 5)
            {
            }
        }

        _fake.FailNextAtDeadline(1, TimeSpan.FromMilliseconds(10), StatusCode.Cancelled, "Timeout expired");

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => impatient.CountAsync("t"));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.Contains("count points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QdrantCancellingACallTheCallerDidNotCancelIsAnIndexError()
    {
        var index = Index();
        await index.InitializeAsync();
        _fake.FailNext(1, StatusCode.Cancelled);

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => index.CountAsync("t"));

        Assert.Equal(StatusCode.Cancelled, e.StatusCode);
        Assert.Contains(Collection, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCallersCancellationIsNotAnIndexError()
    {
        var index = Index();
        await index.InitializeAsync();
        _fake.DelayNext(1, TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Xunit.Record.ExceptionAsync(() => index.CountAsync("t", cancel.Token));

        Assert.True(e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }, e?.ToString());
    }

    [Fact]
    public async Task UnreachableQdrantIsUnavailableAfterRetries()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Match:Qdrant:Url"] = "http://127.0.0.1:1",
                ["Match:Qdrant:RetryDelay"] = "00:00:00.010",
                ["Match:Qdrant:Retries"] = "2",
            })
            .Build());
        services.AddLogging();
        services.AddQdrantVectorIndex(_ => Space);
        await using var provider = services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<QdrantIndexException>(() => provider.GetRequiredService<IVectorIndex>().InitializeAsync());

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("could not reach Qdrant", e.Message, StringComparison.Ordinal);
        Assert.Contains($"get collection on collection '{Collection}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsksQdrantForOneHitPerSubjectWithinTheTenant()
    {
        var index = Index();
        await index.InitializeAsync();
        await index.UpsertAsync([Record("alice", 1), Record("alice", 2), Record("bob", 3)]);

        var hits = await index.SearchAsync("t", Vector(0), 5, maxDistance: 2.5f);

        var hit = Assert.Single(hits);
        Assert.Equal(("alice", "ALICE", 1f), (hit.SubjectId, hit.DisplayName, hit.Distance));
        var query = Assert.IsType<QueryPointGroups>(_fake.LastRequests["Points/QueryGroups"]);
        Assert.Equal(("subject", 1ul, 5ul, 2.5f), (query.GroupBy, query.GroupSize, query.Limit, query.ScoreThreshold));
        var tenant = Assert.Single(query.Filter.Must).Field;
        Assert.Equal(("tenant", "t"), (tenant.Key, tenant.Match.Keyword));
    }

    [Fact]
    public async Task InvalidSettingsFailAtStartNamingTheSetting()
    {
        var provider = Provider(new() { ["Match:Qdrant:Url"] = "not a url" });

        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IVectorIndex>());

        Assert.Contains("Url", e.Message, StringComparison.Ordinal);
    }

    private IVectorIndex Index(Dictionary<string, string?>? settings = null) => Provider(settings).GetRequiredService<IVectorIndex>();

    private ServiceProvider Provider(Dictionary<string, string?>? settings = null)
    {
        var provider = QdrantTestHost.Build(_fake, Space, settings);
        _providers.Add(provider);
        return provider;
    }

    private static float[] Vector(float x) => [x, 0, 0, 0];

    private static VectorRecord Record(string subject, float x) => new(Guid.NewGuid(), "t", subject, subject.ToUpperInvariant(), Vector(x));
}
