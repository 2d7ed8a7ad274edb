using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detection.Tests;

public sealed class CropPlannerTests
{
    private static readonly CropTarget FaceModel = new(46, 56, ModelCrops.YuNetAligned);
    private static readonly CropTarget ItemModel = new(46, 56, ModelCrops.Resize);
    private static readonly GrayImage Picture = new(120, 100, [.. Enumerable.Range(0, 12000).Select(i => (float)(i % 251))]);

    [Fact]
    public void AFaceModelIsCutByYuNetAndAnItemModelRunsNoFaceDetector()
    {
        var planner = NoDetectors();

        Assert.Equal(DetectorKind.YuNet, planner.Choose(FaceModel));
        Assert.Equal(DetectorKind.Passthrough, planner.Choose(ItemModel));
        Assert.Equal(DetectorKind.Regions, planner.Choose(ItemModel, new CameraSettings(null, [new PixelRect(0, 0, 50, 50)])));
    }

    [Fact]
    public void FrameRegionsThenTheCameraThenTheSettingThenTheModelDecide()
    {
        var planner = NoDetectors(new CropOptions { Detector = DetectorKind.UltraFace });
        var camera = new CameraSettings(DetectorKind.YuNet, []);

        Assert.Equal(DetectorKind.Regions, planner.Choose(ItemModel, camera, frameHasRegions: true));
        Assert.Equal(DetectorKind.YuNet, planner.Choose(ItemModel, camera));
        Assert.Equal(DetectorKind.UltraFace, planner.Choose(FaceModel));
    }

    [Fact]
    public void AnItemModelGetsTheWholePictureResizedToItsInput()
    {
        var plan = NoDetectors().Plan(Picture, ItemModel);

        var crop = Assert.Single(plan.Crops);
        Assert.Equal("passthrough", plan.Detector);
        Assert.Equal(new PixelRect(0, 0, 120, 100), crop.Box);
        Assert.Equal(Picture.Resize(46, 56).Pixels, crop.Crop.Pixels);
        Assert.Null(plan.Reason);
    }

    [Fact]
    public void AColourPictureAndItsGrayVersionAreCutAlike()
    {
        var rgb = new RgbImage(120, 100, [.. Picture.Pixels.SelectMany(p => new[] { (byte)p, (byte)p, (byte)p })]);
        var planner = NoDetectors();

        var fromColour = Assert.Single(planner.Plan(rgb, ItemModel).Crops).Crop.Pixels;
        var fromGray = Assert.Single(planner.Plan(Picture, ItemModel).Crops).Crop.Pixels;

        Assert.All(fromColour.Zip(fromGray), p => Assert.Equal(p.Second, p.First, 0.01f));
    }

    [Fact]
    public void SmallRegionsAreRejectedWithTheReasonAndTheRestAreCut()
    {
        var plan = NoDetectors(new CropOptions { MinCropSize = 30 }).Plan(Picture, ItemModel, regions: [new PixelRect(0, 0, 20, 40), new PixelRect(40, 10, 40, 40)]);

        var rejected = Assert.Single(plan.Rejected);
        Assert.Equal(0, rejected.Index);
        Assert.Contains("smaller than the minimum of 30", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(plan.Crops).Index);
    }

    [Fact]
    public void APictureWhoseRegionsAreAllRejectedSaysWhy()
    {
        var plan = NoDetectors(new CropOptions { MinCropSize = 30 }).Plan(Picture, ItemModel, regions: [new PixelRect(0, 0, 20, 40)]);

        Assert.Empty(plan.Crops);
        Assert.StartsWith("every detection was rejected", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRegionsDetectorWithoutRegionsIsAnErrorNamingThem()
    {
        var camera = new CameraSettings(DetectorKind.Regions, []);

        var error = Assert.Throws<CropPlanningException>(() => NoDetectors().Plan(Picture, ItemModel, camera));

        Assert.Contains("no regions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARegionOutsideThePictureIsAnError()
    {
        var error = Assert.Throws<CropPlanningException>(() => NoDetectors().Plan(Picture, ItemModel, regions: [new PixelRect(500, 500, 10, 10)]));

        Assert.Contains("outside the 120×100 frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFaceModelWithoutTheYuNetModelFailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => NoDetectors().Prepare(FaceModel, []));

        Assert.Contains("Models:YuNet", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact]
    public void APortraitIsCutExactlyAsTheTrainersCropPortrait()
    {
        var planner = WithYuNet();
        foreach (var (subject, image) in new[] { (1, 1), (9, 4), (27, 7) })
        {
            var portrait = TestData.OrlFace(subject, image);

            var crop = Assert.Single(planner.Plan(portrait, FaceModel).Crops);

            var trainer = TestData.Cropper().CropPortrait(portrait);
            Assert.Equal(trainer.Crop.Pixels, crop.Crop.Pixels);
            Assert.Equal(trainer.Coverage, crop.Coverage);
        }
    }

    [SharedDataFact]
    public void AFaceInASceneIsAlignedWhereItWasPasted()
    {
        var scene = FaceScene.Create(TestData.OrlFace(8, 3).Resize(138, 168), seed: 3, width: 640, height: 480);

        var plan = WithYuNet().Plan(ImageDecoder.DecodeRgb(scene.Png), FaceModel);

        var crop = Assert.Single(plan.Crops);
        Assert.StartsWith("yunet", plan.Detector, StringComparison.Ordinal);
        Assert.Equal((46, 56), (crop.Crop.Width, crop.Crop.Height));
        Assert.True(Overlaps(crop.Box, scene.Face), $"box {crop.Box} vs face {scene.Face}");
        Assert.Null(crop.Region);
    }

    [SharedDataFact(needsOrl: false)]
    public void APictureWithoutAFaceHasNoCropAndSaysNoFaceWasFound()
    {
        var plan = WithYuNet().Plan(TestData.Uniform(92, 112, 120), FaceModel);

        Assert.Empty(plan.Crops);
        Assert.Contains("no face found", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlurredWholeFrameIsRejectedWithTheBlurReasonAndASharpOnePasses()
    {
        var sharp = new GrayImage(92, 112, [.. Enumerable.Range(0, 92 * 112).Select(i => ((i % 92 / 4) + (i / 92 / 4)) % 2 == 0 ? 30f : 220f)]);
        var blurred = TestData.Uniform(92, 112, 120);
        var planner = NoDetectors(new CropOptions { MinSharpness = 20 });

        var passed = planner.Plan(sharp, ItemModel);
        var turnedAway = planner.Plan(blurred, ItemModel);

        Assert.Single(passed.Crops);
        Assert.Empty(turnedAway.Crops);
        var rejected = Assert.Single(turnedAway.Rejected);
        Assert.StartsWith("below quality gate: blur", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("below quality gate: blur", turnedAway.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BlurredRegionsAreRejectedAndSharpRegionsOfTheSameFrameAreCut()
    {
        var frame = new GrayImage(120, 100, [.. Enumerable.Range(0, 12000).Select(i => i % 120 < 60 ? (((i % 120 / 3) + (i / 120 / 3)) % 2 == 0 ? 0f : 255f) : 128f)]);
        var plan = NoDetectors(new CropOptions { MinSharpness = 20 }).Plan(frame, ItemModel, regions: [new PixelRect(0, 0, 50, 60), new PixelRect(65, 0, 50, 60)]);

        Assert.Equal(0, Assert.Single(plan.Crops).Index);
        Assert.Equal(1, Assert.Single(plan.Rejected).Index);
        Assert.Null(plan.Reason);
    }

    [Fact]
    public void TheBlurGateIsOffByDefault()
    {
        Assert.Single(NoDetectors().Plan(TestData.Uniform(92, 112, 120), ItemModel).Crops);
    }

    private static bool Overlaps(PixelRect a, PixelRect b) =>
        Math.Min(a.Right, b.Right) > Math.Max(a.X, b.X) && Math.Min(a.Bottom, b.Bottom) > Math.Max(a.Y, b.Y);

    private static CropPlanner NoDetectors(CropOptions? options = null) => new(new DetectorSet(null, null), options ?? new CropOptions());

    private static CropPlanner WithYuNet() => new(new DetectorSet(SharedData.YuNetModel, null), new CropOptions());
}
