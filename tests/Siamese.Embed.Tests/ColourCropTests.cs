using Google.Protobuf;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Contracts;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

/// <summary>
/// Colour crops through the embed service (gRPC and the bus) with a real ONNX colour model (the pixel stand-in with
/// 3 input channels): each equals the offline <see cref="OnnxEmbedder"/>; gray crops to a colour model and colour crops
/// to a gray model are converted as the trainer converts them.
/// </summary>
public sealed class ColourCropTests
{
    private const int Width = 23;
    private const int Height = 28;

    [Fact]
    public async Task ColourCropsOverGrpcEqualTheOfflineEmbedderAndGrayOnesAreRepeatedInThreePlanes()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "colour.onnx"), Height, Width, channels: 3);
        using var offline = new OnnxEmbedder(model);
        await using var host = await EmbedTestHost.StartAsync(null, model);
        var picture = Colourful(40, 50);
        var gray = picture.ToGray();

        var response = await host.Client.EmbedAsync(new EmbedRequest
        {
            Crops = { ColourValues(picture), ColourBytes(picture), new Crop { Image = ByteString.CopyFrom(ImageEncoder.EncodePng(picture)) }, GrayValues(gray) },
        });

        var colour = offline.Embed([picture])[0];
        AssertClose(colour, response.Embeddings[0]);
        AssertClose(colour, response.Embeddings[1]);
        AssertClose(colour, response.Embeddings[2]);
        AssertClose(offline.Embed([gray])[0], response.Embeddings[3]);
        Assert.Equal(3, (await host.Client.GetModelInfoAsync(new GetModelInfoRequest())).InputChannels);
    }

    [Fact]
    public async Task AGrayModelReadsTheLumaOfAColourCrop()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "gray.onnx"), Height, Width);
        using var offline = new OnnxEmbedder(model);
        await using var host = await EmbedTestHost.StartAsync(null, model);
        var picture = Colourful(40, 50);

        var response = await host.Client.EmbedAsync(new EmbedRequest { Crops = { ColourValues(picture) } });

        AssertClose(offline.Embed([picture.ToGray()])[0], Assert.Single(response.Embeddings));
        Assert.Equal(1, (await host.Client.GetModelInfoAsync(new GetModelInfoRequest())).InputChannels);
    }

    [Fact]
    public async Task AColourCropOnTheBusIsEmbeddedInColour()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "colour.onnx"), Height, Width, channels: 3);
        using var offline = new OnnxEmbedder(model);
        await using var host = await EmbedTestHost.StartAsync(null, model, withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        var picture = Colourful(Width, Height);
        var frame = new CropsDetected(Guid.NewGuid(), "acme", "cam-3", DateTimeOffset.UtcNow, "test",
            [new FaceCrop(0, new BoundingBox(0, 0, Width, Height), 1f, Width, Height, picture.Rgb, Channels: 3)], []);
        var malformed = frame with
        {
            FrameId = Guid.NewGuid(),
            Crops = [new FaceCrop(0, new BoundingBox(0, 0, Width, Height), 1f, Width, Height, picture.ToGray().Pixels.Select(p => (byte)p).ToArray(), Channels: 3)],
        };

        await harness.Bus.Publish(malformed);
        await harness.Bus.Publish(frame);

        Assert.True(await harness.Published.Any<EmbeddingsComputed>(x => x.Context.Message.FrameId == frame.FrameId));
        Assert.True(await harness.Published.Any<FrameFailed>(x => x.Context.Message.FrameId == malformed.FrameId));
        var computed = harness.Published.Select<EmbeddingsComputed>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        var expected = offline.Embed([picture])[0];
        var actual = Assert.Single(computed.Embeddings).Vector;
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4f));
        var failed = harness.Published.Select<FrameFailed>(x => x.Context.Message.FrameId == malformed.FrameId).Single().Context.Message;
        Assert.Contains($"{Width}×{Height}×3 needs {Width * Height * 3} bytes", failed.Reason, StringComparison.Ordinal);
    }

    private static RgbImage Colourful(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = ((byte)(i % width * 255 / width), (byte)(i / width * 255 / height), (byte)(i * 37));
        }

        return new RgbImage(width, height, rgb);
    }

    private static Crop ColourValues(RgbImage picture)
    {
        var pixels = new ColourPixels { Width = picture.Width, Height = picture.Height };
        pixels.Values.AddRange(picture.Rgb.Select(b => (float)b));
        return new Crop { Colour = pixels };
    }

    private static Crop ColourBytes(RgbImage picture) =>
        new() { Colour = new ColourPixels { Width = picture.Width, Height = picture.Height, Data = ByteString.CopyFrom(picture.Rgb) } };

    private static Crop GrayValues(GrayImage image)
    {
        var pixels = new GrayPixels { Width = image.Width, Height = image.Height };
        pixels.Values.AddRange(image.Pixels);
        return new Crop { Pixels = pixels };
    }

    private static void AssertClose(float[] expected, Embedding actual)
    {
        Assert.Equal(expected.Length, actual.Values.Count);
        Assert.All(expected.Zip(actual.Values), p => Assert.Equal(p.First, p.Second, 1e-4f));
    }
}
