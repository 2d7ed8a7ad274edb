using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.LoadGen;

namespace Siamese.Detect.Tests;

public sealed class UltraFaceTests
{
    [Fact]
    public void FindsAnOrlFacePastedIntoAScene()
    {
        if (!TestData.Available)
        {
            return;
        }

        using var detector = new UltraFaceDetector(TestData.UltraFace!);
        foreach (var (subject, image) in new[] { (1, 1), (7, 3), (23, 5), (40, 10) })
        {
            var scene = FaceScene.Create(TestData.OrlFace(subject, image), seed: subject * 31 + image);

            var found = detector.Detect(ImageDecoder.DecodeRgb(scene.Png));

            var best = Assert.IsType<Detection>(found[0]);
            Assert.True(best.Score > 0.9f, $"s{subject}/{image}: score {best.Score}");
            Assert.True(Iou(best.Box, scene.Face) > 0.5, $"s{subject}/{image}: box {best.Box} vs face {scene.Face}");
        }
    }

    [Fact]
    public void GrownCropRegionFramesTheFaceLikeTheOriginalPortrait()
    {
        if (!TestData.Available)
        {
            return;
        }

        using var detector = new UltraFaceDetector(TestData.UltraFace!);
        var extractor = new CropExtractor(new CropSize(46, 56), Options.Create(new DetectOptions()));
        var overlaps = new List<double>();
        for (var subject = 1; subject <= 40; subject += 3)
        {
            var scene = FaceScene.Create(TestData.OrlFace(subject, 2), seed: subject);
            var box = detector.Detect(ImageDecoder.DecodeRgb(scene.Png))[0].Box;

            overlaps.Add(Iou(extractor.CropRegion(box, scene.Width, scene.Height, grow: true), scene.Face));
        }

        Assert.True(overlaps.Average() > 0.8, $"mean IoU with the pasted portrait {overlaps.Average():F3}");
    }

    [Fact]
    public void FindsNothingInAnEmptyScene()
    {
        if (TestData.UltraFace is null)
        {
            return;
        }

        using var detector = new UltraFaceDetector(TestData.UltraFace);
        var gray = new byte[320 * 240 * 3];
        Array.Fill(gray, (byte)128);

        Assert.Empty(detector.Detect(new RgbImage(320, 240, gray)));
    }

    [Fact]
    public void FramesOfOtherSizesGiveBoxesInTheirOwnPixels()
    {
        if (!TestData.Available)
        {
            return;
        }

        using var detector = new UltraFaceDetector(TestData.UltraFace!);
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
