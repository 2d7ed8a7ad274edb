using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detection.Tests;

public sealed class UltraFaceTests
{
    [SharedDataFact(NeedsYuNet = false, NeedsUltraFace = true)]
    public void FindsAnOrlFacePastedIntoAScene()
    {
        using var detector = new UltraFaceDetector(SharedData.UltraFaceModel!);
        foreach (var (subject, image) in new[] { (1, 1), (7, 3), (23, 5), (40, 10) })
        {
            var scene = FaceScene.Create(TestData.OrlFace(subject, image), seed: subject * 31 + image);

            var found = detector.Detect(ImageDecoder.DecodeRgb(scene.Png));

            var best = found[0];
            Assert.True(best.Score > 0.9f, $"s{subject}/{image}: score {best.Score}");
            Assert.True(Iou(best.Box, scene.Face) > 0.5, $"s{subject}/{image}: box {best.Box} vs face {scene.Face}");
        }
    }

    [SharedDataFact(NeedsYuNet = false, NeedsUltraFace = true)]
    public void GrownCropRegionFramesTheFaceLikeTheOriginalPortrait()
    {
        using var detectors = new DetectorSet(null, SharedData.UltraFaceModel);
        var planner = new CropPlanner(detectors, new CropOptions { Detector = DetectorKind.UltraFace });
        var overlaps = new List<double>();
        for (var subject = 1; subject <= 40; subject += 3)
        {
            var scene = FaceScene.Create(TestData.OrlFace(subject, 2), seed: subject);
            var crop = planner.Plan(ImageDecoder.DecodeRgb(scene.Png), new CropTarget(46, 56, ModelCrops.Resize)).Crops[0];

            overlaps.Add(Iou(crop.Region!.Value, scene.Face));
        }

        Assert.True(overlaps.Average() > 0.8, $"mean IoU with the pasted portrait {overlaps.Average():F3}");
    }

    [SharedDataFact(needsOrl: false, NeedsYuNet = false, NeedsUltraFace = true)]
    public void FindsNothingInAnEmptyScene()
    {
        using var detector = new UltraFaceDetector(SharedData.UltraFaceModel!);
        var gray = new byte[320 * 240 * 3];
        Array.Fill(gray, (byte)128);

        Assert.Empty(detector.Detect(new RgbImage(320, 240, gray)));
    }

    [SharedDataFact(NeedsYuNet = false, NeedsUltraFace = true)]
    public void FramesOfOtherSizesGiveBoxesInTheirOwnPixels()
    {
        using var detector = new UltraFaceDetector(SharedData.UltraFaceModel!);
        var scene = FaceScene.Create(TestData.OrlFace(5, 5).Resize(184, 224), seed: 9, width: 640, height: 480);

        var best = detector.Detect(ImageDecoder.DecodeRgb(scene.Png))[0];

        Assert.True(Iou(best.Box, scene.Face) > 0.5, $"box {best.Box} vs face {scene.Face}");
    }

    internal static double Iou(PixelRect a, PixelRect b)
    {
        var w = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X));
        var h = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
        var overlap = (double)w * h;
        return overlap / ((a.Width * a.Height) + (b.Width * b.Height) - overlap);
    }
}
