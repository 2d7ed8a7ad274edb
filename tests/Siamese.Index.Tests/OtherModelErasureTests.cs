using Microsoft.Extensions.DependencyInjection;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Index.Tests;

/// <summary>
/// A deleted tenant's examples also leave the indexes of the models served before: each model keeps its vectors in a
/// folder (embedded) or collection (Qdrant) of its own, where they stayed after the tenant was deleted.
/// </summary>
public sealed class OtherModelErasureTests : IDisposable
{
    private static readonly VectorSpace Old = new("faces:1", 8), Older = new("faces:0", 4), Served = new("faces:2", 16);
    private static readonly string[] Erased = ["acme", "acme#wrong-matches"];
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task EmbeddedFoldersOfOtherModelsLoseTheTenantsExamplesAndKeepTheRest()
    {
        var options = new EmbeddedIndexOptions { DataDirectory = _directory.Path };
        await using (var old = await OpenAsync(options, Old))
        {
            await old.UpsertAsync([Record("acme", "alice", 8), Record("acme", "alice", 8), Record("acme", "bob", 8), Record("acme#wrong-matches", "bob", 8), Record("globex", "mallory", 8)]);
        }

        await using (var older = await OpenAsync(options, Older))
        {
            await older.UpsertAsync([Record("acme", "carol", 4)]);
        }

        await using var served = await OpenAsync(options, Served);
        await served.UpsertAsync([Record("acme", "dave", 16)]);

        var erasure = await EmbeddedVectorIndex.EraseTenantsOfOtherModelsAsync(options, Served, Erased);

        Assert.Equal([("faces_0", 1L), ("faces_1", 4L)], erasure.Erased);
        Assert.Empty(erasure.Skipped);
        Assert.Equal(1, await served.CountAsync("acme"));

        // Compacted: the erased subjects are gone from the folder's files (read before it is opened again, which would
        // fold its log in), not only marked deleted in its log.
        var folder = Path.Combine(_directory.Path, "faces_1");
        Assert.False(IndexFiles.Contain(folder, "alice"));
        Assert.True(IndexFiles.Contain(folder, "mallory"));
        await using (var old = await OpenAsync(options, Old))
        {
            Assert.Equal((0L, 0L, 1L), (await old.CountAsync("acme"), await old.CountAsync("acme#wrong-matches"), await old.CountAsync("globex")));
        }

    }

    [Fact]
    public async Task AFolderAnotherHostServesIsNamedAndLeftAsItIs()
    {
        var options = new EmbeddedIndexOptions { DataDirectory = _directory.Path };
        await using var other = await OpenAsync(options, Old);
        await other.UpsertAsync([Record("acme", "alice", 8)]);

        var erasure = await EmbeddedVectorIndex.EraseTenantsOfOtherModelsAsync(options, Served, Erased);

        Assert.Empty(erasure.Erased);
        Assert.StartsWith("faces_1: ", Assert.Single(erasure.Skipped), StringComparison.Ordinal);
        Assert.Equal(1, await other.CountAsync("acme"));
    }

    [Fact]
    public async Task QdrantCollectionsOfOtherModelsLoseTheTenantsPoints()
    {
        await using var fake = await FakeQdrantServer.StartAsync();
        await using var oldHost = QdrantTestHost.Build(fake, Old);
        var old = oldHost.GetRequiredService<IVectorIndex>();
        await old.InitializeAsync();
        await old.UpsertAsync([Record("acme", "alice", 8), Record("acme#wrong-matches", "bob", 8), Record("globex", "mallory", 8)]);
        await using var servedHost = QdrantTestHost.Build(fake, Served);
        var served = servedHost.GetRequiredService<IVectorIndex>();
        await served.InitializeAsync();
        await served.UpsertAsync([Record("acme", "dave", 16)]);

        var erasure = await servedHost.GetRequiredService<IOtherModelIndexes>().EraseAsync(Erased);

        Assert.Equal([("siamese_faces_1", 2L)], erasure.Erased);
        Assert.Equal((0L, 0L, 1L), (await old.CountAsync("acme"), await old.CountAsync("acme#wrong-matches"), await old.CountAsync("globex")));
        Assert.Equal(1, await served.CountAsync("acme"));
    }

    public void Dispose() => _directory.Dispose();

    private static async Task<EmbeddedVectorIndex> OpenAsync(EmbeddedIndexOptions options, VectorSpace space)
    {
        var index = new EmbeddedVectorIndex(options, space);
        await index.InitializeAsync();
        return index;
    }

    private static VectorRecord Record(string tenant, string subject, int dimension) =>
        new(Guid.NewGuid(), tenant, subject, subject, Enumerable.Range(0, dimension).Select(_ => Random.Shared.NextSingle()).ToArray());
}
