using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Match.Embeddings;

/// <summary>
/// The embed service over gRPC. Crops travel as decoded grayscale already resized to the model's input
/// (the resize is the first step of the trainer's preprocessing, so the numbers are the same as in-process).
/// </summary>
public sealed class GrpcEmbeddingClient(Embedder.EmbedderClient client) : IEmbeddingClient
{
    private EmbedderModel? _model;

    public async Task<EmbedderModel> GetModelAsync(CancellationToken cancellationToken = default)
    {
        if (_model is { } cached)
        {
            return cached;
        }

        var info = await client.GetModelInfoAsync(new GetModelInfoRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        _model = info.ToEmbedderModel();
        return _model;
    }

    public async Task<float[][]> EmbedAsync(IReadOnlyList<GrayImage> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var model = await GetModelAsync(cancellationToken).ConfigureAwait(false);
        var request = new EmbedRequest();
        foreach (var crop in crops)
        {
            var sized = crop.Width == model.Metadata.InputWidth && crop.Height == model.Metadata.InputHeight
                ? crop
                : crop.Resize(model.Metadata.InputWidth, model.Metadata.InputHeight);
            var pixels = new GrayPixels { Width = sized.Width, Height = sized.Height };
            pixels.Values.AddRange(sized.Pixels);
            request.Crops.Add(new Crop { Pixels = pixels });
        }

        var response = await client.EmbedAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. response.Embeddings.Select(e => e.Values.ToArray())];
    }
}
