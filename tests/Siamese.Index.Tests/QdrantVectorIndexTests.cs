using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Index.Qdrant;
using Siamese.Index.Qdrant.Api;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Index.Tests;

/// <summary>What only the Qdrant index and client promise: collection setup, api key, retries, timeouts, clear errors.</summary>
public sealed class QdrantVectorIndexTests : IAsyncLifetime
{
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
        Assert.Equal("siamese_face_tower_1_2", name);
        var collection = _fake.Collections[name];
        Assert.Equal((4, "Euclid"), (collection.Size, collection.Distance));
        Assert.Equal("keyword", collection.PayloadIndexes["tenant"]?["type"]?.GetValue<string>());
        Assert.True(collection.PayloadIndexes["tenant"]?["is_tenant"]?.GetValue<bool>());
        Assert.Equal("keyword", collection.PayloadIndexes["subject"]?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task ExistingCollectionOfAnotherSizeFailsAtStartNamingBothSizes()
    {
        _fake.Collections["siamese_face_tower_1_2"] = new FakeCollection(128, "Euclid");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().InitializeAsync());

        Assert.Contains("siamese_face_tower_1_2", e.Message, StringComparison.Ordinal);
        Assert.Contains("size 128", e.Message, StringComparison.Ordinal);
        Assert.Contains("size 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistingCollectionWithAnotherDistanceFailsAtStart()
    {
        _fake.Collections["siamese_face_tower_1_2"] = new FakeCollection(4, "Cosine");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Index().InitializeAsync());

        Assert.Contains("Cosine", e.Message, StringComparison.Ordinal);
        Assert.Contains("Euclid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKeyIsSentWithEveryRequest()
    {
        _fake.RequiredApiKey = "s3cret";
        var index = Index(new() { ["Match:Qdrant:ApiKey"] = "s3cret" });

        await index.InitializeAsync();
        await index.UpsertAsync([Record("alice", 1)]);
        await index.SearchAsync("t", Vector(1), 1);

        Assert.All(_fake.Requests, r => Assert.Equal("s3cret", r.ApiKey));
    }

    [Fact]
    public async Task WrongApiKeyIsAnErrorNamingCollectionOperationAndStatus()
    {
        _fake.RequiredApiKey = "s3cret";
        var index = Index(new() { ["Match:Qdrant:ApiKey"] = "wrong" });

        var e = await Assert.ThrowsAsync<QdrantException>(() => index.InitializeAsync());

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.Contains("siamese_face_tower_1_2", e.Message, StringComparison.Ordinal);
        Assert.Contains("get collection", e.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCollectionIsAnErrorNamingIt()
    {
        var index = Index();

        var e = await Assert.ThrowsAsync<QdrantException>(() => index.SearchAsync("t", Vector(1), 1));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("search groups on collection 'siamese_face_tower_1_2'", e.Message, StringComparison.Ordinal);
        Assert.Contains("doesn't exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QdrantsRejectionOfAWrongVectorSizeCarriesItsMessage()
    {
        var provider = Provider();
        await provider.GetRequiredService<IVectorIndex>().InitializeAsync();
        var client = provider.GetRequiredService<IQdrantClient>();

        var e = await Assert.ThrowsAsync<QdrantException>(() => client.UpsertPointsAsync("siamese_face_tower_1_2",
            new UpsertPointsRequest([new PointStruct(Guid.NewGuid(), [1f, 2f], new PointPayload("t", "alice", "Alice"))])));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("upsert points", e.Operation);
        Assert.Contains("expected dim: 4, got 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransientServerErrorsAreRetried()
    {
        var index = Index();
        await index.InitializeAsync();
        _fake.FailNext(2, 503);

        await index.UpsertAsync([Record("alice", 1)]);

        Assert.Equal(1, await index.CountAsync("t"));
        Assert.Equal(3, _fake.Requests.Count(r => r.Target.StartsWith("/collections/siamese_face_tower_1_2/points?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PersistentServerErrorsSurfaceAfterTheRetries()
    {
        var index = Index(new() { ["Match:Qdrant:Retries"] = "2" });
        await index.InitializeAsync();
        _fake.FailNext(3, 500);

        var e = await Assert.ThrowsAsync<QdrantException>(() => index.CountAsync("t"));

        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Contains("count points", e.Message, StringComparison.Ordinal);
        Assert.Contains("injected fault", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASlowAttemptTimesOutAndIsRetried()
    {
        var setup = Index();
        await setup.InitializeAsync();
        await setup.UpsertAsync([Record("alice", 1)]);
        var impatient = Index(new() { ["Match:Qdrant:Timeout"] = "00:00:01" });
        _fake.DelayNext(1, TimeSpan.FromSeconds(30));

        var hits = await impatient.SearchAsync("t", Vector(1), 1);

        Assert.Equal("alice", Assert.Single(hits).SubjectId);
    }

    [Fact]
    public async Task TimeoutsOnEveryAttemptBecomeAQdrantException()
    {
        await Index().InitializeAsync();
        var impatient = Index(new() { ["Match:Qdrant:Timeout"] = "00:00:00.300", ["Match:Qdrant:Retries"] = "1" });
        _fake.DelayNext(2, TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<QdrantException>(() => impatient.CountAsync("t"));

        Assert.Null(e.StatusCode);
        Assert.Contains("timed out", e.Message, StringComparison.Ordinal);
        Assert.Contains("siamese_face_tower_1_2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableQdrantIsAnErrorNamingTheAddressAfterRetries()
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

        var e = await Assert.ThrowsAsync<QdrantException>(() => provider.GetRequiredService<IVectorIndex>().InitializeAsync());

        Assert.Null(e.StatusCode);
        Assert.Contains("could not reach Qdrant at http://127.0.0.1:1/", e.Message, StringComparison.Ordinal);
        Assert.Contains("get collection on collection 'siamese_face_tower_1_2'", e.Message, StringComparison.Ordinal);
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
        var request = Assert.Single(_fake.Requests, r => r.Target.EndsWith("/points/search/groups", StringComparison.Ordinal));
        Assert.Equal("POST", request.Method);
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
