using Microsoft.Extensions.DependencyInjection;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Index.Tests;

/// <summary>The conformance suite against the Qdrant index, through the real client and DI wiring, over the fake Qdrant.</summary>
public sealed class QdrantVectorIndexConformanceTests : VectorIndexConformanceTests
{
    private readonly List<ServiceProvider> _providers = [];
    private FakeQdrantServer? _fake;

    protected override async Task<IVectorIndex> CreateIndexAsync(VectorSpace space)
    {
        _fake ??= await FakeQdrantServer.StartAsync();
        _fake.Collections.Clear();
        var provider = QdrantTestHost.Build(_fake, space);
        _providers.Add(provider);
        var index = provider.GetRequiredService<IVectorIndex>();
        await index.InitializeAsync();
        return index;
    }

    protected override async Task DisposeFixtureAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }
    }
}
