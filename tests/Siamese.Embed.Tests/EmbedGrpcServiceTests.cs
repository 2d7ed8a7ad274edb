using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

public sealed class EmbedGrpcServiceTests
{
    public static TheoryData<string, StatusCode, string> BadRequests => new()
    {
        { "no crops", StatusCode.InvalidArgument, "no crops" },
        { "crop without content", StatusCode.InvalidArgument, "crop 0: the crop has no content" },
        { "empty image", StatusCode.InvalidArgument, "crop 0:" },
        { "corrupt image", StatusCode.InvalidArgument, "crop 0:" },
        { "truncated png", StatusCode.InvalidArgument, "crop 0:" },
        { "too many pixels", StatusCode.ResourceExhausted, "crop 0:" },
        { "too many bytes", StatusCode.ResourceExhausted, "crop 0:" },
        { "pixel count mismatch", StatusCode.InvalidArgument, "need 12 values, got 5" },
        { "pixel out of range", StatusCode.InvalidArgument, "0..255" },
        { "too many crops", StatusCode.ResourceExhausted, "at most 16" },
        { "second crop corrupt", StatusCode.InvalidArgument, "crop 1:" },
        { "byte data length mismatch", StatusCode.InvalidArgument, "need 12 bytes of data, got 3" },
        { "colour value count mismatch", StatusCode.InvalidArgument, "crop 0: 3×4 pixels need 36 values, got 12" },
        { "colour byte data length mismatch", StatusCode.InvalidArgument, "crop 0: 3×4 pixels need 36 bytes of data, got 12" },
        { "values and data both", StatusCode.InvalidArgument, "crop 0: the pixels carry both 'values' and 'data'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputGetsAClearStatusAndTheServiceKeepsServing(string kind, StatusCode expected, string message)
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()));

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.EmbedAsync(Bad(kind)).ResponseAsync);
        var next = await host.Client.EmbedAsync(new EmbedRequest { Crops = { TestImages.PngCrop(3, 4, 51) } });

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(51 / 255f, Assert.Single(next.Embeddings).Values[0], 5);
    }

    [Fact]
    public async Task EmbedReturnsOneVectorPerCropInOrderForImagesAndPixels()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()));

        var response = await host.Client.EmbedAsync(new EmbedRequest
        {
            Crops =
            {
                TestImages.PngCrop(30, 40, 10), TestImages.PixelCrop(3, 4, 20), TestImages.PixelCrop(6, 8, 30),
                new Crop { Pixels = new GrayPixels { Width = 3, Height = 4, Data = ByteString.CopyFrom(Enumerable.Repeat((byte)40, 12).ToArray()) } },
            },
        });

        Assert.Equal("fake:1", response.ModelId);
        Assert.Equal([10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f], response.Embeddings.Select(e => e.Values[0]), new FloatComparer(1e-5f));
    }

    [Fact]
    public async Task GetModelInfoDescribesTheLoadedModel()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()));

        var info = await host.Client.GetModelInfoAsync(new GetModelInfoRequest());

        Assert.Equal("fake:1", info.ModelId);
        Assert.Equal(4, info.InputHeight);
        Assert.Equal(3, info.InputWidth);
        Assert.Equal(2, info.EmbeddingDimension);
        Assert.Equal(0.5f, info.Threshold);
        Assert.Equal("CPU", info.ExecutionProvider);
    }

    [Fact]
    public async Task RestTranscodingServesTheSameCalls()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()));

        var info = await host.Http.GetStringAsync(new Uri("/v1/embed/model", UriKind.Relative));
        var body = new StringContent("{\"crops\":[{\"pixels\":{\"width\":3,\"height\":4,\"values\":[255,255,255,255,255,255,255,255,255,255,255,255]}}]}", System.Text.Encoding.UTF8, "application/json");
        var embed = await host.Http.PostAsync(new Uri("/v1/embed", UriKind.Relative), body);
        var bad = await host.Http.PostAsync(new Uri("/v1/embed", UriKind.Relative), new StringContent("{\"crops\":[]}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Contains("\"modelId\": \"fake:1\"", info.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, embed.StatusCode);
        Assert.Contains("\"values\"", await embed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static EmbedRequest Bad(string kind)
    {
        var png = ImageEncoder.EncodePng(TestImages.Uniform(20, 20, 100));
        return kind switch
        {
            "no crops" => new EmbedRequest(),
            "crop without content" => new EmbedRequest { Crops = { new Crop() } },
            "empty image" => new EmbedRequest { Crops = { new Crop { Image = ByteString.Empty } } },
            "corrupt image" => new EmbedRequest { Crops = { new Crop { Image = ByteString.CopyFrom([0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6, 7, 8]) } } },
            "truncated png" => new EmbedRequest { Crops = { new Crop { Image = ByteString.CopyFrom(png.AsSpan(0, png.Length / 2)) } } },
            "too many pixels" => new EmbedRequest { Crops = { TestImages.PixelCrop(600, 600, 1) } },
            "too many bytes" => new EmbedRequest { Crops = { new Crop { Image = ByteString.CopyFrom(new byte[200_000]) } } },
            "pixel count mismatch" => new EmbedRequest { Crops = { new Crop { Pixels = new GrayPixels { Width = 3, Height = 4, Values = { 1, 2, 3, 4, 5 } } } } },
            "pixel out of range" => new EmbedRequest { Crops = { TestImages.PixelCrop(3, 4, 300) } },
            "too many crops" => new EmbedRequest { Crops = { Enumerable.Range(0, 17).Select(_ => TestImages.PixelCrop(3, 4, 1)) } },
            "second crop corrupt" => new EmbedRequest { Crops = { TestImages.PixelCrop(3, 4, 1), new Crop { Image = ByteString.CopyFromUtf8("not an image") } } },
            "byte data length mismatch" => new EmbedRequest { Crops = { new Crop { Pixels = new GrayPixels { Width = 3, Height = 4, Data = ByteString.CopyFrom(1, 2, 3) } } } },
            "colour value count mismatch" => new EmbedRequest { Crops = { new Crop { Colour = new ColourPixels { Width = 3, Height = 4, Values = { new float[12] } } } } },
            "colour byte data length mismatch" => new EmbedRequest { Crops = { new Crop { Colour = new ColourPixels { Width = 3, Height = 4, Data = ByteString.CopyFrom(new byte[12]) } } } },
            // Before: the values were embedded and the data ignored without a word.
            "values and data both" => new EmbedRequest { Crops = { new Crop { Pixels = new GrayPixels { Width = 1, Height = 2, Values = { 1f, 2f }, Data = ByteString.CopyFrom(200, 200) } } } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
