using System.Collections.Concurrent;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Match.Embeddings;

namespace Siamese.Match.Tests;

/// <summary>The <see cref="FakeModel"/> tower (or another model's metadata over it); keeps every crop it was given.</summary>
internal sealed class FakeEmbeddingClient(EmbedderModel? model = null) : IEmbeddingClient
{
    /// <summary>The crops embedded so far, in order.</summary>
    public ConcurrentQueue<GrayImage> Crops { get; } = new();

    public Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default) => Task.FromResult(model ?? FakeModel.Model);

    public Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default)
    {
        foreach (var crop in crops)
        {
            Crops.Enqueue(crop);
        }

        return Task.FromResult(crops.Select(FakeModel.Embed).ToArray());
    }
}
