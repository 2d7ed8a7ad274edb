using Google.Protobuf;
using Grpc.Core;
using Siamese.Imaging;
using Siamese.Protos.V1;
using Siamese.Testing;

namespace Siamese.Detect.Tests;

public sealed class DetectGrpcTests
{
    [SharedDataFact(NeedsYuNet = false, NeedsUltraFace = true)]
    public async Task DetectFindsThePastedFaceWithTheDetectorTheSettingsName()
    {
        await using var host = await DetectHost.StartAsync(("Crops:Detector", "UltraFace"));
        var scene = FaceScene.Create(TestData.OrlFace(12, 6), seed: 12);

        var response = await Client(host).DetectAsync(new DetectRequest { Image = ByteString.CopyFrom(scene.Png) });

        Assert.StartsWith("ultraface", response.Detector, StringComparison.Ordinal);
        Assert.Equal((320, 240), (response.ImageWidth, response.ImageHeight));
        var box = response.Detections[0].Box;
        Assert.True(Iou(new PixelRect(box.X, box.Y, box.Width, box.Height), scene.Face) > 0.7);
    }

    [SharedDataFact]
    public async Task AFaceModelIsDetectedWithYuNetAndFindsThePastedFace()
    {
        await using var host = await DetectHost.StartAsync(("Models:Embedding", TestData.FaceModel));
        var scene = FaceScene.Create(TestData.OrlFace(12, 6), seed: 12);

        var response = await Client(host).DetectAsync(new DetectRequest { Image = ByteString.CopyFrom(scene.Png) });

        Assert.StartsWith("yunet", response.Detector, StringComparison.Ordinal);
        var box = Assert.Single(response.Detections).Box;
        Assert.True(Iou(new PixelRect(box.X, box.Y, box.Width, box.Height), scene.Face) > 0.5);
    }

    [Theory]
    [InlineData("empty", StatusCode.InvalidArgument)]
    [InlineData("corrupt", StatusCode.InvalidArgument)]
    [InlineData("huge", StatusCode.ResourceExhausted)]
    [InlineData("bad-score", StatusCode.InvalidArgument)]
    public async Task BadRequestsGetAClearStatus(string what, StatusCode expected)
    {
        await using var host = await DetectHost.StartAsync(("ImageLimits:MaxPixels", "1000"));
        var png = ImageEncoder.EncodePng(new GrayImage(20, 20, new float[400]));
        var request = what switch
        {
            "empty" => new DetectRequest(),
            "corrupt" => new DetectRequest { Image = ByteString.CopyFrom(png[..20]) },
            "huge" => new DetectRequest { Image = ByteString.CopyFrom(ImageEncoder.EncodePng(new GrayImage(100, 100, new float[10000]))) },
            _ => new DetectRequest { Image = ByteString.CopyFrom(png), MinScore = 3 },
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client(host).DetectAsync(request));

        Assert.Equal(expected, error.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Status.Detail));
    }

    [Fact]
    public async Task AHostWithoutAnEmbeddingModelDoesNotStartAndNamesTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DetectHost.StartAsync(("Models:Embedding", null)));

        Assert.Contains("Models:Embedding", error.Message, StringComparison.Ordinal);
    }

    private static Detector.DetectorClient Client(DetectHost host) => new(host.Channel);

    private static double Iou(PixelRect a, PixelRect b)
    {
        var w = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));
        var h = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
        var overlap = (double)w * h;
        return overlap / ((a.Width * a.Height) + (b.Width * b.Height) - overlap);
    }
}
