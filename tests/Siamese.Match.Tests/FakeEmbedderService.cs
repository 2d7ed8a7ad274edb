using Grpc.Core;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>The fake model behind a real gRPC Embedder endpoint, for match hosts running as child processes.</summary>
internal sealed class FakeEmbedderService : Embedder.EmbedderBase
{
    public override Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        var response = new EmbedResponse { ModelId = FakeModel.Model.Metadata.ModelId };
        foreach (var crop in request.Crops)
        {
            var image = crop.ContentCase == Crop.ContentOneofCase.Pixels
                ? new GrayImage(crop.Pixels.Width, crop.Pixels.Height, [.. crop.Pixels.Values])
                : ImageDecoder.DecodeGray(crop.Image.Span);
            response.Embeddings.Add(new Embedding { Values = { FakeModel.Embed(image) } });
        }

        return Task.FromResult(response);
    }

    public override Task<ModelInfo> GetModelInfo(GetModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(FakeModel.Model.ToModelInfo());
}
