namespace Siamese.Index;

/// <summary>The HNSW parameters a graph is built and searched with (see <see cref="EmbeddedIndexOptions"/>).</summary>
internal sealed record HnswSettings(int Connectivity, int ExpansionAdd, int ExpansionSearch, GraphStorage Storage)
{
    public static HnswSettings From(EmbeddedIndexOptions options) =>
        new(options.HnswConnectivity, options.HnswExpansionAdd, options.HnswExpansionSearch, options.GraphStorage);
}
