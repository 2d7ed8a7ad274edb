using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Match.Embeddings;

/// <summary>How match reaches the model: the embed service over gRPC, or the embedder in this process.</summary>
public interface IEmbeddingClient
{
    /// <summary>The model behind the embeddings; waits until it is available.</summary>
    Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default);

    /// <summary>One embedding per crop (gray, or colour for a colour model), in order.</summary>
    Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default);
}
