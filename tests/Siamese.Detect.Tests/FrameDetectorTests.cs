using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.ServiceDefaults;

namespace Siamese.Detect.Tests;

public sealed class FrameDetectorTests
{
    private static readonly byte[] Frame = ImageEncoder.EncodePng(new GrayImage(120, 100, [.. Enumerable.Range(0, 12000).Select(i => (float)(i % 251))]));

    [Fact]
    public void AnItemModelMakesTheWholeFrameOneCropOfTheModelSize()
    {
        var detector = NewDetector(new DetectOptions());

        var result = detector.Process("cam", Frame, null);

        var crop = Assert.Single(result.Crops);
        Assert.Equal("passthrough", result.Detector);
        Assert.Equal(new BoundingBox(0, 0, 120, 100), crop.Box);
        Assert.Equal((46, 56), (crop.Width, crop.Height));
        Assert.Equal(46 * 56, crop.Pixels.Length);
    }

    [Fact]
    public void RegionsSentWithTheFrameAreCroppedAsGiven()
    {
        var detector = NewDetector(new DetectOptions());

        var result = detector.Process("cam", Frame, [new BoundingBox(10, 10, 46, 56), new BoundingBox(60, 20, 50, 60)]);

        Assert.Equal("regions", result.Detector);
        Assert.Equal([new BoundingBox(10, 10, 46, 56), new BoundingBox(60, 20, 50, 60)], result.Crops.Select(c => c.Box));
    }

    [Fact]
    public void RegionsConfiguredForTheCameraAreAnItemModelsCrops()
    {
        var options = new DetectOptions();
        options.Cameras["door"] = new CameraOptions();
        options.Cameras["door"].Regions.Add(new BoundingBox(0, 0, 50, 50));
        var detector = NewDetector(options);

        var result = detector.Process("door", Frame, null);

        Assert.Equal(new BoundingBox(0, 0, 50, 50), Assert.Single(result.Crops).Box);
    }

    [Fact]
    public void RegionsDetectorWithoutRegionsFailsTheFrameWithTheReason()
    {
        var options = new DetectOptions();
        options.Cameras["door"] = new CameraOptions { Detector = DetectorKind.Regions };
        var detector = NewDetector(options);

        var error = Assert.Throws<FrameProcessingException>(() => detector.Process("door", Frame, null));

        Assert.Contains("no regions", error.Message, StringComparison.Ordinal);
        Assert.Contains("door", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallDetectionsAreRejectedWithTheReason()
    {
        var detector = NewDetector(new DetectOptions(), new CropOptions { MinCropSize = 30 });

        var result = detector.Process("cam", Frame, [new BoundingBox(0, 0, 20, 40), new BoundingBox(40, 10, 40, 40)]);

        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(0, rejected.Index);
        Assert.Contains("smaller than the minimum of 30", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(result.Crops).Index);
    }

    [Fact]
    public void CorruptImageFailsTheFrameWithTheReason()
    {
        var detector = NewDetector(new DetectOptions());

        var error = Assert.Throws<FrameProcessingException>(() => detector.Process("cam", Frame[..40], null));

        Assert.StartsWith("the image could not be decoded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCropSizeComesFromTheModelsMetadata()
    {
        using var folder = new Testing.TempDirectory();
        var model = Testing.PixelModel.Write(Path.Combine(folder.Path, "wide.onnx"), height: 20, width: 30);

        var crop = Assert.Single(NewDetector(new DetectOptions(), model: model).Process("cam", Frame, null).Crops);

        Assert.Equal((30, 20), (crop.Width, crop.Height));
    }

    internal static FrameDetector NewDetector(DetectOptions options, CropOptions? crops = null, string? model = null)
    {
        var models = Options.Create(new ModelsOptions { Embedding = model ?? TestData.ItemModel, YuNet = SharedData.YuNetModel });
        var planner = new CropPlanner(new DetectorSet(models.Value.YuNet, null), crops ?? new CropOptions());
        return new FrameDetector(planner, new EmbeddingModelFile(models), ImageLimits.Default, Options.Create(options));
    }
}
