using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Siamese.Imaging;
using Siamese.LoadGen;
using Siamese.Protos.V1;

namespace Siamese.Detect.Tests;

public sealed class DetectGrpcTests
{
    [Fact]
    public async Task DetectFindsThePastedFace()
    {
        if (!TestData.Available)
        {
            return;
        }

        await using var host = await DetectHost.StartAsync(("Detect:DefaultDetector", "UltraFace"));
        var client = Client(host);
        var scene = FaceScene.Create(TestData.OrlFace(12, 6), seed: 12);

        var response = await client.DetectAsync(new DetectRequest { Image = ByteString.CopyFrom(scene.Png) });

        Assert.StartsWith("ultraface", response.Detector, StringComparison.Ordinal);
        Assert.Equal((320, 240), (response.ImageWidth, response.ImageHeight));
        var box = response.Detections[0].Box;
        Assert.True(UltraFaceTests.Iou(new PixelRect(box.X, box.Y, box.Width, box.Height), scene.Face) > 0.7);
    }

    [Fact]
    public async Task YuNetIsTheDefaultDetectorAndFindsThePastedFace()
    {
        if (!TestData.YuNetAvailable)
        {
            return;
        }

        await using var host = await DetectHost.StartAsync();
        var scene = FaceScene.Create(TestData.OrlFace(12, 6), seed: 12);

        var response = await Client(host).DetectAsync(new DetectRequest { Image = ByteString.CopyFrom(scene.Png) });

        Assert.StartsWith("yunet", response.Detector, StringComparison.Ordinal);
        var box = Assert.Single(response.Detections).Box;
        Assert.True(UltraFaceTests.Iou(new PixelRect(box.X, box.Y, box.Width, box.Height), scene.Face) > 0.5);
    }

    [Theory]
    [InlineData("empty", StatusCode.InvalidArgument)]
    [InlineData("corrupt", StatusCode.InvalidArgument)]
    [InlineData("huge", StatusCode.ResourceExhausted)]
    [InlineData("bad-score", StatusCode.InvalidArgument)]
    public async Task BadRequestsGetAClearStatus(string what, StatusCode expected)
    {
        await using var host = await DetectHost.StartAsync(("Detect:DefaultDetector", "Passthrough"), ("Detect:MaxImagePixels", "1000"));
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

    private static Detector.DetectorClient Client(DetectHost host) =>
        new(GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = host.Handler }));
}
