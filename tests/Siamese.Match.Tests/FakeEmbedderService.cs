using Grpc.Core;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>
/// The fake model behind a real gRPC Embedder endpoint, for match hosts running as child processes. Like the real embed
/// host it refuses calls without the deployment's service key, so a match host that forgot it fails here.
/// </summary>
internal sealed class FakeEmbedderService : Embedder.EmbedderBase
{
    public override Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        RequireServiceKey(context);
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

    public override Task<ModelInfo> GetModelInfo(GetModelInfoRequest request, ServerCallContext context)
    {
        RequireServiceKey(context);
        return Task.FromResult(FakeModel.Model.ToModelInfo());
    }

    private static void RequireServiceKey(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-api-key") != TestKeys.ServiceKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "the service key is missing"));
        }
    }
}
