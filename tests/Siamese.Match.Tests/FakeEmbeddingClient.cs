using Siamese.Embed;
using Siamese.Imaging;
using Siamese.Match.Embeddings;

namespace Siamese.Match.Tests;

internal sealed class FakeEmbeddingClient : IEmbeddingClient
{
    public Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default) => Task.FromResult(FakeModel.Model);

    public Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default) =>
        Task.FromResult(crops.Select(FakeModel.Embed).ToArray());
}
