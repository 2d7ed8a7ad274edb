using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Match.Embeddings;

/// <summary>
/// The embed service over gRPC. Crops travel decoded (gray, or R, G, B for a colour model) and already resized to the
/// model's input as floats (the resize is the first step of the trainer's preprocessing, so the numbers are the same
/// as in-process).
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

    public async Task<float[][]> EmbedAsync(IReadOnlyList<ModelCrop> crops, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crops);
        var model = await GetModelAsync(cancellationToken).ConfigureAwait(false);
        var request = new EmbedRequest();
        foreach (var crop in crops)
        {
            request.Crops.Add(ToWire(crop.Resize(model.Metadata.InputWidth, model.Metadata.InputHeight)));
        }

        var response = await client.EmbedAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. response.Embeddings.Select(e => e.Values.ToArray())];
    }

    private static Crop ToWire(ModelCrop crop)
    {
        if (!crop.IsColour)
        {
            var gray = new GrayPixels { Width = crop.Width, Height = crop.Height };
            gray.Values.AddRange(crop.Planes[0].Pixels);
            return new Crop { Pixels = gray };
        }

        var colour = new ColourPixels { Width = crop.Width, Height = crop.Height };
        colour.Values.AddRange(crop.ToInterleaved());
        return new Crop { Colour = colour };
    }
}
