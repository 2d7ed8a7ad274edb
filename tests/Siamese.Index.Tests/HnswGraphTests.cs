namespace Siamese.Index.Tests;

/// <summary>
/// The graph says whether a remove or rename found its key: a gallery whose graph lost a row drops the graph (searches
/// scan exactly until a new one is built) rather than search a graph whose keys no longer match its rows.
/// </summary>
public sealed class HnswGraphTests
{
    private static readonly HnswSettings Settings = new(Connectivity: 16, ExpansionAdd: 64, ExpansionSearch: 64, GraphStorage.Float32);

    [Fact]
    public void RemoveAndRenameReportWhetherTheKeyWasThere()
    {
        using var graph = HnswGraph.Create(4, Settings);
        graph.EnsureCapacity(3);
        for (var key = 0; key < 3; key++)
        {
            graph.Add(key, [key, 1, 2, 3]);
        }

        Assert.True(graph.Remove(0));
        Assert.False(graph.Remove(0));
        Assert.False(graph.Remove(7));
        Assert.True(graph.Rename(2, 0));
        Assert.False(graph.Rename(2, 5));
        Assert.False(graph.Rename(9, 5));

        Span<long> keys = stackalloc long[1];
        Span<float> distances = stackalloc float[1];
        Assert.Equal(1, graph.Search([2, 1, 2, 3], keys, distances));
        Assert.Equal(0, keys[0]);
        Assert.Equal(0f, distances[0]);
    }
}
