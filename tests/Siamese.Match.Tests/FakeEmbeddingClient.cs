using System.Collections.Concurrent;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Match.Embeddings;
using Siamese.Model;

namespace Siamese.Match.Tests;

/// <summary>The <see cref="FakeModel"/> tower (or another model's metadata over it); keeps every crop it was given.</summary>
internal sealed class FakeEmbeddingClient(EmbedderModel? model = null) : IEmbeddingClient
{
    /// <summary>The crops embedded so far, in order (a colour crop as its luma).</summary>
    public ConcurrentQueue<GrayImage> Crops { get; } = new();

    public Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default) => Task.FromResult(model ?? FakeModel.Model);

    public Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default)
    {
        var gray = crops.Select(c => c.ToGray()).ToList();
        foreach (var crop in gray)
        {
            Crops.Enqueue(crop);
        }

        return Task.FromResult(gray.Select(FakeModel.Embed).ToArray());
    }
}
