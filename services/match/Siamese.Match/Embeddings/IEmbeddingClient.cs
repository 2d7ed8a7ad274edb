using Siamese.Imaging;
using Siamese.Inference;

namespace Siamese.Match.Embeddings;

/// <summary>How match reaches the model: the embed service over gRPC, or the embedder in this process.</summary>
public interface IEmbeddingClient
{
    /// <summary>The model behind the embeddings; waits until it is available.</summary>
    Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default);

    /// <summary>One embedding per crop, in order.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default);
}
