using Siamese.Imaging;
using Siamese.LoadGen;

namespace Siamese.Detection.Tests;

public sealed class FaceCropperTests
{
    [SharedDataFact]
    public void CropsOfOneFaceAtTwoScalesAndPositionsAreNearlyIdentical()
    {
        var cropper = TestData.Cropper();
        var differences = new List<double>();
        foreach (var (subject, image) in new[] { (2, 1), (11, 4), (19, 7), (33, 2), (38, 9) })
        {
            var face = TestData.OrlFace(subject, image);
            var small = FaceScene.Create(face, seed: subject, width: 640, height: 480);
            var large = FaceScene.Create(face.Resize(161, 196), seed: subject + 100, width: 640, height: 480);

            var a = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(small.Png)));
            var b = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(large.Png)));

            Assert.Equal((46, 56), (a.Crop.Width, a.Crop.Height));
            differences.Add(TestData.MeanAbsDifference(a.Crop, b.Crop));
        }

        // Target for issue #4 is < 6 gray levels; YuNet's landmark jitter (≈2 px of the 92-px frame) leaves ≈15 today.
        Assert.True(differences.Average() < 20, $"mean abs differences {string.Join(", ", differences.Select(d => d.ToString("F2")))}");
    }

    [SharedDataFact]
    public void APortraitIsAlignedWithItsEyesOnTheCanonicalPositions()
    {
        // Aligned at full ORL size, the crop is itself an ORL-style portrait: detected again, its eyes sit on the canonical positions.
        var cropper = new FaceCropper(TestData.Detector, new FaceAligner(CanonicalFrame.Width, CanonicalFrame.Height));
        var errors = new List<float>();
        foreach (var (subject, image) in new[] { (1, 1), (5, 5), (14, 8), (27, 3), (40, 10) })
        {
            var result = cropper.CropPortrait(TestData.OrlFace(subject, image));

            Assert.True(result.Aligned, result.FallbackReason);
            Assert.Null(result.FallbackReason);
            Assert.Equal((92, 112), (result.Crop.Width, result.Crop.Height));
            var again = cropper.DetectPortrait(result.Crop)!.Landmarks;
            errors.Add((System.Numerics.Vector2.Distance(again.RightEye, CanonicalFrame.RightEye) + System.Numerics.Vector2.Distance(again.LeftEye, CanonicalFrame.LeftEye)) / 2);
        }

        Assert.True(errors.Average() < 3, $"eye distances to the canonical positions {string.Join(", ", errors.Select(e => e.ToString("F2")))}");
    }

    [SharedDataFact]
    public void APortraitCropMatchesTheCropOfTheSameFaceInAFrame()
    {
        var cropper = TestData.Cropper();
        var face = TestData.OrlFace(21, 6);
        var scene = FaceScene.Create(face.Resize(138, 168), seed: 4, width: 640, height: 480);

        var portrait = cropper.CropPortrait(face).Crop;
        var inFrame = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(scene.Png))).Crop;

        Assert.Equal((46, 56), (portrait.Width, portrait.Height));
        Assert.True(TestData.MeanAbsDifference(portrait, inFrame) < 25);
    }

    [SharedDataFact(needsOrl: false)]
    public void APortraitWithoutAFaceFallsBackToThePlainResizeAndSaysSo()
    {
        var blank = TestData.Uniform(92, 112, 120);

        var result = TestData.Cropper().CropPortrait(blank);

        Assert.False(result.Aligned);
        Assert.Contains("no face", result.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(blank.Resize(46, 56).Pixels, result.Crop.Pixels);
    }

    [SharedDataFact(needsOrl: false)]
    public void ABlankFrameHasNoCrops()
    {
        Assert.Empty(TestData.Cropper().Crop(new RgbImage(320, 240, new byte[320 * 240 * 3])));
    }

    [SharedDataFact(needsOrl: false)]
    public void NullInputsGetClearErrors()
    {
        Assert.Throws<ArgumentNullException>(() => new FaceCropper(null!, new FaceAligner()));
        Assert.Throws<ArgumentNullException>(() => new FaceCropper(TestData.Detector, null!));
        Assert.Throws<ArgumentNullException>(() => TestData.Cropper().CropPortrait(null!));
        Assert.Throws<ArgumentNullException>(() => TestData.Cropper().Crop((GrayImage)null!));
    }
}
