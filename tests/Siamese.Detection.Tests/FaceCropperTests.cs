using Siamese.Imaging;
using Siamese.Testing;

namespace Siamese.Detection.Tests;

public sealed class FaceCropperTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [SharedDataFact]
    public void APortraitCropSaysWhichOfItsPixelsLieInsideThePortrait()
    {
        var result = TestData.Cropper().CropPortrait(TestData.OrlFace(3, 4));

        Assert.True(result.Aligned);
        Assert.NotNull(result.Coverage);
        Assert.Equal(46 * 56, result.Coverage.Length);
        Assert.All(result.Coverage, c => Assert.True(c is 0f or 1f));
        Assert.InRange(result.Coverage.Average(), 0.6, 1.0);
    }

    [SharedDataFact]
    public void CropsOfOneFaceAtTwoScalesAndPositionsAreNearlyIdentical()
    {
        // Same scene seed: same background level, so the difference measures the alignment (with other backgrounds,
        // the part of the crop beyond the pasted portrait differs too: ≈4.6 levels with exact landmarks).
        var cropper = TestData.Cropper();
        var differences = new List<double>();
        // 20 faces (the refinement was tuned on the odd subjects; these are the even ones).
        for (var subject = 2; subject <= 40; subject += 2)
        {
            var face = TestData.OrlFace(subject, (subject % 10) + 1);
            var small = FaceScene.Create(face, seed: subject, width: 640, height: 480);
            var large = FaceScene.Create(face.Resize(161, 196), seed: subject, width: 640, height: 480);

            var a = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(small.Png)));
            var b = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(large.Png)));

            Assert.Equal((46, 56), (a.Crop.Width, a.Crop.Height));
            differences.Add(TestData.MeanAbsDifference(a.Crop, b.Crop));
        }

        var report = string.Join(", ", differences.Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)));
        output.WriteLine($"mean {differences.Average():F2}, max {differences.Max():F2}: {report}");
        Assert.True(differences.Average() < 6, $"mean abs differences {report}");
        Assert.True(differences.Max() < 15, $"mean abs differences {report}");
    }

    [SharedDataFact]
    public void RefinementMakesCropsSteadierThanTheFirstDetection()
    {
        var refined = TestData.Cropper();
        var plain = new FaceCropper(TestData.Detector, new FaceAligner()) { RefinePasses = 0 };
        double withRefinement = 0, without = 0;
        foreach (var subject in new[] { 4, 15, 26, 37 })
        {
            var face = TestData.OrlFace(subject, 3);
            var a = ImageDecoder.DecodeRgb(FaceScene.Create(face, seed: subject, width: 640, height: 480).Png);
            var b = ImageDecoder.DecodeRgb(FaceScene.Create(face.Resize(161, 196), seed: subject, width: 640, height: 480).Png);
            withRefinement += TestData.MeanAbsDifference(refined.Crop(a)[0].Crop, refined.Crop(b)[0].Crop);
            without += TestData.MeanAbsDifference(plain.Crop(a)[0].Crop, plain.Crop(b)[0].Crop);
        }

        output.WriteLine($"refined {withRefinement / 4:F2}, first detection {without / 4:F2}");
        Assert.True(withRefinement < without, $"refined {withRefinement / 4:F2}, first detection {without / 4:F2}");
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
        // The trainer's path (whole portrait) and detect's (face in a frame) give nearly the same crop when the
        // frame's background is close to the portrait's border (beyond the portrait they differ by construction).
        var cropper = TestData.Cropper();
        var differences = new List<double>();
        foreach (var (subject, image) in new[] { (5, 5), (21, 6), (29, 1), (39, 4) })
        {
            var face = TestData.OrlFace(subject, image);
            var level = (int)face.Pixels.Where((_, i) => i % face.Width is 0 or 91).Average();
            var scene = FaceScene.Create(face.Resize(138, 168), seed: 4, width: 640, height: 480, minLevel: level, maxLevel: level);

            var portrait = cropper.CropPortrait(face).Crop;
            var inFrame = Assert.Single(cropper.Crop(ImageDecoder.DecodeRgb(scene.Png))).Crop;

            Assert.Equal((46, 56), (portrait.Width, portrait.Height));
            differences.Add(TestData.MeanAbsDifference(portrait, inFrame));
        }

        output.WriteLine($"portrait vs frame: mean {differences.Average():F2}");
        Assert.True(differences.Average() < 10, $"mean abs differences {string.Join(", ", differences.Select(d => d.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}");
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
