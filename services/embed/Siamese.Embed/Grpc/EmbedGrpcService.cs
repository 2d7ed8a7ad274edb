using Grpc.Core;
using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Embed.Grpc;

/// <summary>The Embedder gRPC service: request → <see cref="IEmbedder"/> → reply. Errors are mapped by the interceptor.</summary>
public sealed class EmbedGrpcService(IEmbedder embedder, IOptions<EmbedOptions> options, ImageLimits imageLimits, DecodeGate gate) : Embedder.EmbedderBase
{
    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var limits = options.Value;
        if (request.Crops.Count == 0)
        {
            throw new ArgumentException("The request has no crops: send at least one.");
        }

        if (request.Crops.Count > limits.MaxCropsPerRequest)
        {
            throw new LimitExceededException($"The request has {request.Crops.Count} crops; at most {limits.MaxCropsPerRequest} are allowed per request.");
        }

        var model = embedder.Model;
        var crops = await gate.RunAsync(() => CropDecoder.Decode(request.Crops, imageLimits, model.Metadata.InputChannels), context.CancellationToken).ConfigureAwait(false);
        var vectors = await embedder.EmbedAsync(crops, context.CancellationToken).ConfigureAwait(false);
        var response = new EmbedResponse { ModelId = model.Metadata.ModelId };
        foreach (var v in vectors)
        {
            var embedding = new Embedding();
            embedding.Values.AddRange(v);
            response.Embeddings.Add(embedding);
        }

        return response;
    }

    public override Task<ModelInfo> GetModelInfo(GetModelInfoRequest request, ServerCallContext context) =>
        Task.FromResult(embedder.Model.ToModelInfo());
}
