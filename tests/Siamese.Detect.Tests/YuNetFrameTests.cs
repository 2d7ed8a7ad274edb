using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Detect.Tests;

public sealed class YuNetFrameTests
{
    [SharedDataFact]
    public void AFaceModelsFrameWithAPastedFaceGivesOneAlignedCropOfTheModelSize()
    {
        var detector = FrameDetectorTests.NewDetector(new DetectOptions(), model: TestData.FaceModel);
        var face = TestData.OrlFace(8, 3);
        var scene = FaceScene.Create(face.Resize(138, 168), seed: 3, width: 640, height: 480);

        var result = detector.Process("cam", scene.Png, null);

        Assert.StartsWith("yunet", result.Detector, StringComparison.Ordinal);
        var crop = Assert.Single(result.Crops);
        Assert.Empty(result.Rejected);
        Assert.Equal((46, 56), (crop.Width, crop.Height));
        Assert.Equal(46 * 56, crop.Pixels.Length);

        // The crop is the one the trainer gets from the portrait through the same library.
        using var yuNet = new YuNetDetector(SharedData.YuNetModel!);
        var portrait = new FaceCropper(yuNet, new FaceAligner(46, 56)).CropPortrait(face).Crop;
        var difference = crop.Pixels.Select((p, i) => Math.Abs(p - portrait.Pixels[i])).Average();
        Assert.True(difference < 25, $"mean abs difference to the portrait crop {difference:F2}");
    }

    [SharedDataFact]
    public void SmallYuNetFacesAreRejectedWithTheReason()
    {
        var detector = FrameDetectorTests.NewDetector(new DetectOptions(), new CropOptions { MinCropSize = 300 }, TestData.FaceModel);
        var scene = FaceScene.Create(TestData.OrlFace(8, 3), seed: 3);

        var result = detector.Process("cam", scene.Png, null);

        Assert.Empty(result.Crops);
        Assert.Contains("smaller than the minimum of 300", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void ACameraMayAskForYuNetWithAnItemModel()
    {
        var options = new DetectOptions();
        options.Cameras["faces"] = new CameraOptions { Detector = DetectorKind.YuNet };
        var detector = FrameDetectorTests.NewDetector(options);
        var scene = FaceScene.Create(TestData.OrlFace(8, 3).Resize(138, 168), seed: 3, width: 640, height: 480);

        Assert.StartsWith("yunet", detector.Process("faces", scene.Png, null).Detector, StringComparison.Ordinal);
        Assert.Equal("passthrough", detector.Process("other", scene.Png, null).Detector);
    }
}
