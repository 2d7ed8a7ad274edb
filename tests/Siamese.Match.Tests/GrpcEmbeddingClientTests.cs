using Grpc.Core;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Match.Embeddings;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>
/// Match's remote path to the embed service: a colour crop for a colour model travels as colour pixels at the model's input
/// size, whose preprocessing equals the in-process preprocessing of the colour picture; a gray crop still travels as gray, and
/// the model's channels come back from GetModelInfo.
/// </summary>
public sealed class GrpcEmbeddingClientTests
{
    private static readonly EmbedderModel Colour = FakeModel.Model with { Metadata = FakeModel.Model.Metadata with { InputChannels = 3 } };

    [Fact]
    public async Task AColourCropTravelsAsColourPixelsThatPreprocessLikeThePictureInProcess()
    {
        var embed = new RecordingEmbedder(Colour);
        var picture = Colourful(30, 20);

        var client = new GrpcEmbeddingClient(embed);
        await client.EmbedAsync([ModelCrop.Colour(picture), ModelCrop.Gray(picture.ToGray())]);

        var (colour, gray) = (embed.Request!.Crops[0], embed.Request.Crops[1]);
        Assert.Equal(3, (await client.GetModelAsync()).Metadata.InputChannels);
        Assert.Equal(Crop.ContentOneofCase.Colour, colour.ContentCase);
        Assert.Equal((8, 8), (colour.Colour.Width, colour.Colour.Height));
        Assert.Equal(Crop.ContentOneofCase.Pixels, gray.ContentCase);
        var preprocessor = new Preprocessor(Colour.Metadata);
        var sent = new float[preprocessor.InputLength];
        preprocessor.Write(ModelCrop.Colour(colour.Colour.Width, colour.Colour.Height, [.. colour.Colour.Values]), sent);
        var local = preprocessor.ToTensor(picture);
        Assert.All(local.Zip(sent), p => Assert.Equal(p.First, p.Second, 1e-4f));
    }

    private static RgbImage Colourful(int width, int height) =>
        new(width, height, [.. Enumerable.Range(0, width * height * 3).Select(i => (byte)((i * 53) + (i / 3 % width)))]);

    /// <summary>An Embedder client that answers from memory and keeps the last Embed request.</summary>
    private sealed class RecordingEmbedder(EmbedderModel model) : Embedder.EmbedderClient
    {
        public EmbedRequest? Request { get; private set; }

        public override AsyncUnaryCall<ModelInfo> GetModelInfoAsync(GetModelInfoRequest request, CallOptions options) => Answer(model.ToModelInfo());

        public override AsyncUnaryCall<EmbedResponse> EmbedAsync(EmbedRequest request, CallOptions options)
        {
            Request = request;
            var response = new EmbedResponse { ModelId = model.Metadata.ModelId };
            response.Embeddings.AddRange(request.Crops.Select(_ => new Embedding { Values = { 0f } }));
            return Answer(response);
        }

        private static AsyncUnaryCall<T> Answer<T>(T response) =>
            new(Task.FromResult(response), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
    }
}
