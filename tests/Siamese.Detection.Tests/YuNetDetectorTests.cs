using Siamese.Imaging;
using Siamese.Testing;
using Siamese.Model;

namespace Siamese.Detection.Tests;

public sealed class YuNetDetectorTests
{
    [SharedDataFact]
    public void FindsOrlFacesPastedIntoAScene()
    {
        foreach (var (subject, image, width, height) in new[] { (1, 1, 320, 240), (7, 3, 320, 240), (23, 5, 320, 240), (40, 10, 320, 240), (12, 6, 640, 480) })
        {
            var face = TestData.OrlFace(subject, image);
            if (width > 320)
            {
                face = face.Resize(184, 224);
            }

            var scene = FaceScene.Create(face, seed: (subject * 31) + image, width: width, height: height);

            var found = TestData.Detector.Detect(ImageDecoder.DecodeRgb(scene.Png));

            var best = Assert.Single(found);
            var what = $"s{subject}/{image}: box {best.Box}, pasted {scene.Face}, score {best.Score}";
            Assert.True(best.Score > 0.6f, what);
            var box = best.Box.ClampTo(width, height);
            Assert.True(Overlap(box, scene.Face) > 0.9 * box.Width * box.Height, what + ": the box is not inside the pasted portrait");
            Assert.True(Overlap(box, scene.Face) > 0.5 * scene.Face.Width * scene.Face.Height, what + ": the box covers too little of the portrait");
            var l = best.Landmarks;
            foreach (var p in new[] { l.RightEye, l.LeftEye, l.Nose, l.RightMouth, l.LeftMouth })
            {
                Assert.True(p.X > best.Box.X && p.X < best.Box.Right && p.Y > best.Box.Y && p.Y < best.Box.Bottom, $"{what}: landmark {p} outside the box");
            }

            Assert.True(Math.Max(l.RightEye.Y, l.LeftEye.Y) < Math.Min(l.RightMouth.Y, l.LeftMouth.Y), $"{what}: eyes not above the mouth");
            Assert.True(l.RightEye.X < l.LeftEye.X, $"{what}: the subject's right eye should be on the image's left");
        }
    }

    [SharedDataFact(needsOrl: false)]
    public void FindsNothingOnABlankCanvas()
    {
        var blank = new byte[640 * 480 * 3];
        Array.Fill(blank, (byte)128);

        Assert.Empty(TestData.Detector.Detect(new RgbImage(640, 480, blank)));
        Assert.Empty(TestData.Detector.Detect(TestData.Uniform(100, 70, 30)));
    }

    [SharedDataFact]
    public void GrayAndColourInputsOfTheSameFrameGiveTheSameFaces()
    {
        var scene = FaceScene.Create(TestData.OrlFace(3, 4), seed: 5);

        var colour = TestData.Detector.Detect(ImageDecoder.DecodeRgb(scene.Png));
        var gray = TestData.Detector.Detect(ImageDecoder.DecodeGray(scene.Png));

        Assert.Equal(colour.Count, gray.Count);
        Assert.True(Math.Abs(colour[0].Box.X - gray[0].Box.X) < 1f && Math.Abs(colour[0].Score - gray[0].Score) < 0.02f);
    }

    [SharedDataFact]
    public void ConcurrentDetectCallsGiveTheSameAnswerAsSequentialOnes()
    {
        var frames = Enumerable.Range(1, 8).Select(i => ImageDecoder.DecodeRgb(FaceScene.Create(TestData.OrlFace(i, 1), seed: i).Png)).ToArray();
        var sequential = frames.Select(f => TestData.Detector.Detect(f)[0]).ToArray();

        var parallel = new FaceDetection[frames.Length];
        Parallel.For(0, frames.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = TestData.Detector.Detect(frames[i])[0]);

        Assert.Equal(sequential, parallel);
    }

    [SharedDataFact(needsOrl: false)]
    public void BadArgumentsGetClearErrors()
    {
        var image = TestData.Uniform(64, 64, 100);

        Assert.Throws<ArgumentNullException>(() => TestData.Detector.Detect((RgbImage)null!));
        Assert.Contains("0..1", Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Detector.Detect(image, scoreThreshold: 1.5f)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Detector.Detect(image, nmsThreshold: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Detector.Detect(image, topK: 0));
    }

    [Fact]
    public void AMissingModelFileIsNamedInTheError()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new YuNetDetector("/nonexistent/yunet.onnx"));

        Assert.Contains("/nonexistent/yunet.onnx", error.Message, StringComparison.Ordinal);
    }

    [SharedDataFact(needsOrl: false, NeedsYuNet = false, NeedsUltraFace = true)]
    public void AModelThatIsNotYuNetIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => new YuNetDetector(SharedData.UltraFaceModel!));

        Assert.Contains("not the dynamic YuNet model", error.Message, StringComparison.Ordinal);
    }

    private static long Overlap(PixelRect a, PixelRect b) =>
        (long)Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X)) * Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y));
}
