using Microsoft.Extensions.DependencyInjection;
using Siamese.Index.Qdrant;
using Siamese.Protos.V1;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Match.Tests;

/// <summary>The match service with <c>Match:Index=Qdrant</c> (the official client, gRPC), over the fake Qdrant the index conformance suite uses.</summary>
public sealed class QdrantIndexServiceTests : IAsyncLifetime
{
    private FakeQdrantServer _qdrant = null!;

    public async Task InitializeAsync() => _qdrant = await FakeQdrantServer.StartAsync();

    public async Task DisposeAsync() => await _qdrant.DisposeAsync();

    [Fact]
    public async Task EnrolledSubjectIsIdentifiedThroughTheQdrantIndex()
    {
        await using var host = await StartAsync();
        await host.ClientFor("shop1").EnrollAsync(new EnrollRequest { SubjectId = "alice", DisplayName = "Alice", Images = { TestImages.Png(100) } });
        await host.ClientFor("shop1").EnrollAsync(new EnrollRequest { SubjectId = "bob", Images = { TestImages.Png(150) } });
        await host.ClientFor("shop2").EnrollAsync(new EnrollRequest { SubjectId = "carol", Images = { TestImages.Png(104) } });

        var known = await host.ClientFor("shop1").IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(104) });
        var unknown = await host.ClientFor("shop1").IdentifyAsync(new IdentifyRequest { Image = TestImages.Png(125) });
        var info = await host.Client.GetModelInfoAsync(new GetMatchModelInfoRequest());

        var face = Assert.Single(known.Results);
        Assert.Equal(Decision.Known, face.Decision);
        Assert.Equal("alice", face.SubjectId);
        Assert.Equal("Alice", face.DisplayName);
        Assert.Equal(["alice", "bob"], face.Candidates.Select(c => c.SubjectId));
        Assert.Equal(0.4f, face.Candidates[0].Distance, 3);
        Assert.Equal(Decision.Unknown, Assert.Single(unknown.Results).Decision);
        Assert.Equal("Qdrant", info.Index);

        // The vectors live in Qdrant: one collection for the model, one point per enrolled example.
        var collection = Assert.Single(_qdrant.Collections.Values);
        Assert.Equal(FakeModel.Dimension, collection.Size);
        Assert.Equal(3, collection.Points.Count);
    }

    private Task<MatchTestHost> StartAsync() => MatchTestHost.StartAsync(
        new FakeEmbeddingClient(),
        settings: new Dictionary<string, string?>
        {
            ["Match:Index"] = "Qdrant",
            ["Match:Qdrant:Url"] = "http://qdrant.test:6334",
            ["Match:Qdrant:RetryDelay"] = "00:00:00.010",
        },
        configureServices: services => services.AddHttpClient(QdrantServiceCollectionExtensions.GrpcClientName).ConfigurePrimaryHttpMessageHandler(_qdrant.CreateHandler));
}
