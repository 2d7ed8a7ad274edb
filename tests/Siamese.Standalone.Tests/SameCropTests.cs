using Microsoft.Extensions.DependencyInjection;
using Siamese.Detect;
using Siamese.Imaging;
using Siamese.Match.Crops;
using Siamese.Model;

namespace Siamese.Standalone.Tests;

/// <summary>
/// One picture, one model, one crop: the camera path (detect's frame detector, as the bus consumer runs it) and the
/// gRPC path (match's crop finder, as Enroll/Identify run it) of the same host cut the same picture alike.
/// </summary>
public sealed class SameCropTests
{
    [Fact]
    public async Task AnItemModelsCameraAndGrpcPathsCutThePictureIntoTheSameCrop()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "items.onnx"), 56, 46, ModelCrops.Resize);
        await using var host = await StandaloneTestHost.StartAsync(model);
        var picture = ImageEncoder.EncodePng(StandaloneHostTests.Gradient(90));

        var (camera, grpc) = await BothPaths(host, picture);

        Assert.Equal("passthrough", camera.Detector);
        var crop = Assert.Single(camera.Crops);
        Assert.Equal(crop.Pixels, Bytes(Assert.Single(grpc).Crop));
        Assert.Equal((46, 56), (crop.Width, crop.Height));
    }

    [SharedDataFact]
    public async Task AFaceModelsCameraAndGrpcPathsCutThePictureIntoTheSameCrop()
    {
        using var models = new TempDirectory();
        var model = PixelModel.Write(Path.Combine(models.Path, "faces.onnx"), 56, 46, ModelCrops.YuNetAligned);
        await using var host = await StandaloneTestHost.StartAsync(model);
        var face = ImageDecoder.LoadGray(Path.Combine(SharedData.OrlFaces!, "s8", "3.pgm"));
        foreach (var picture in new[] { FaceScene.Create(face.Resize(138, 168), seed: 3, width: 640, height: 480).Png, ImageEncoder.EncodePng(face) })
        {
            var (camera, grpc) = await BothPaths(host, picture);

            Assert.StartsWith("yunet", camera.Detector, StringComparison.Ordinal);
            var crop = Assert.Single(camera.Crops);
            Assert.Equal(crop.Pixels, Bytes(Assert.Single(grpc).Crop));
            Assert.Equal((crop.Box.X, crop.Box.Y, crop.Box.Width, crop.Box.Height), (grpc[0].Box.X, grpc[0].Box.Y, grpc[0].Box.Width, grpc[0].Box.Height));
        }
    }

    private static async Task<(DetectedFrame Camera, IReadOnlyList<Detection.PlannedCrop> Grpc)> BothPaths(StandaloneTestHost host, byte[] picture)
    {
        var finder = host.Services.GetRequiredService<CropFinder>();
        return (host.Services.GetRequiredService<FrameDetector>().Process("camera-1", picture, null), await finder.FindAsync(picture, finder.NewBudget()));
    }

    /// <summary>The gRPC path's crop as the bus carries the camera path's: 8-bit.</summary>
    private static byte[] Bytes(GrayImage crop) => FrameDetector.ToBytes(crop);
}
