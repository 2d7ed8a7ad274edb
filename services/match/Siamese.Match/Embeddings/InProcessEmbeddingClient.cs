using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Match.Embeddings;

/// <summary>The batching embedder of this process (standalone host, or a match host without an embed address).</summary>
public sealed class InProcessEmbeddingClient(IEmbedder embedder) : IEmbeddingClient
{
    public Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default) => embedder.WhenReadyAsync(cancellationToken);

    public Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default) =>
        embedder.EmbedAsync(crops, cancellationToken);
}
