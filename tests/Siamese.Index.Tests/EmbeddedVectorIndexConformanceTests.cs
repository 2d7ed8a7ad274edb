namespace Siamese.Index.Tests;

/// <summary>The conformance suite against the embedded index (fsync on, as in production).</summary>
public sealed class EmbeddedVectorIndexConformanceTests : VectorIndexConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IVectorIndex> CreateIndexAsync(VectorSpace space)
    {
        var index = new EmbeddedVectorIndex(new EmbeddedIndexOptions { DataDirectory = _directory.NewSubdirectory() }, space);
        await index.InitializeAsync();
        return index;
    }

    protected override Task DisposeFixtureAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
