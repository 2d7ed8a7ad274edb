using Siamese.Detection;
using Siamese.Imaging;
using Siamese.LoadGen;

namespace Siamese.Detect.Tests;

public sealed class YuNetFrameTests
{
    [Fact]
    public void AFrameWithAPastedFaceGivesOneAlignedCropOfTheModelSize()
    {
        if (!TestData.YuNetAvailable)
        {
            return;
        }

        var detector = FrameDetectorTests.NewDetector(new DetectOptions { DefaultDetector = DetectorKind.YuNet });
        var face = TestData.OrlFace(8, 3);
        var scene = FaceScene.Create(face.Resize(138, 168), seed: 3, width: 640, height: 480);

        var result = detector.Process("cam", scene.Png, null);

        Assert.StartsWith("yunet", result.Detector, StringComparison.Ordinal);
        var crop = Assert.Single(result.Crops);
        Assert.Empty(result.Rejected);
        Assert.Equal((46, 56), (crop.Width, crop.Height));
        Assert.Equal(46 * 56, crop.Pixels.Length);

        // The crop is the one the trainer gets from the portrait through the same library.
        using var yuNet = new YuNetDetector(Siamese.Model.SharedData.YuNetModel!);
        var portrait = new FaceCropper(yuNet, new FaceAligner(46, 56)).CropPortrait(face).Crop;
        var difference = crop.Pixels.Select((p, i) => Math.Abs(p - portrait.Pixels[i])).Average();
        Assert.True(difference < 25, $"mean abs difference to the portrait crop {difference:F2}");
    }

    [Fact]
    public void SmallYuNetFacesAreRejectedWithTheReason()
    {
        if (!TestData.YuNetAvailable)
        {
            return;
        }

        var detector = FrameDetectorTests.NewDetector(new DetectOptions { DefaultDetector = DetectorKind.YuNet, MinCropSize = 300 });
        var scene = FaceScene.Create(TestData.OrlFace(8, 3), seed: 3);

        var result = detector.Process("cam", scene.Png, null);

        Assert.Empty(result.Crops);
        Assert.Contains("smaller than the minimum of 300", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingYuNetModelFailsValidationWithThePath()
    {
        var options = new DetectOptions { DefaultDetector = DetectorKind.YuNet, YuNetModelPath = "/nope/yunet.onnx" };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.Contains("/nope/yunet.onnx", StringComparison.Ordinal));
    }
}
