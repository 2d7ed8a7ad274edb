using System.Numerics;
using Siamese.Imaging;

namespace Siamese.Detection.Tests;

public sealed class FaceAlignerTests
{
    [Theory]
    [InlineData(1.33f, 0.1f, 40f, 30f, 96, 96)]
    [InlineData(0.7f, -0.2f, -10f, 150f, 45, 56)]
    [InlineData(4.2f, 0.5f, 5f, -20f, 46, 56)]
    [InlineData(2f, 0f, -500f, 900f, 17, 3)]
    public void VectorAndScalarSamplingGiveTheSamePixels(float a, float b, float tx, float ty, int width, int height)
    {
        var random = new Random(3);
        var source = new GrayImage(300, 200, [.. Enumerable.Range(0, 60_000).Select(_ => random.NextSingle() * 255)]);
        var t = new SimilarityTransform(a, b, tx, ty);
        var n = (int)MathF.Ceiling(t.Scale - 1e-3f);
        var scalar = new float[width * height];

        BilinearSampler.SampleScalar(source.Pixels, source.Width, source.Height, t, n, 0, width, height, scalar);

        Assert.Equal(scalar, FaceAligner.Sample(source, t, width, height).Pixels);
    }

    [Fact]
    public void TheTransformMapsTheCanonicalEyesOntoTheGivenEyesExactly()
    {
        var aligner = new FaceAligner();
        var rightEye = new Vector2(210.3f, 140.7f);
        var leftEye = new Vector2(262.9f, 121.2f);

        var t = aligner.OutputToSource(rightEye, leftEye);

        AssertClose(rightEye, t.Apply(aligner.RightEye), 1e-3f);
        AssertClose(leftEye, t.Apply(aligner.LeftEye), 1e-3f);
        AssertClose(aligner.RightEye, t.Inverse().Apply(rightEye), 1e-3f);
        AssertClose(CanonicalFrame.RightEye / 2, aligner.RightEye, 1e-5f);
    }

    [Fact]
    public void EyesOfARotatedScaledSyntheticFaceLandOnTheCanonicalPositions()
    {
        // Two bright blobs drawn where a known similarity (30°, ×3, shifted) puts the canonical eyes.
        var aligner = new FaceAligner();
        var known = new SimilarityTransform(3 * MathF.Cos(0.52f), 3 * MathF.Sin(0.52f), 40, 25);
        var rightEye = known.Apply(aligner.RightEye);
        var leftEye = known.Apply(aligner.LeftEye);
        var source = new float[300 * 300];
        for (var y = 0; y < 300; y++)
        {
            for (var x = 0; x < 300; x++)
            {
                var p = new Vector2(x + 0.5f, y + 0.5f);
                source[(y * 300) + x] = 200 * (MathF.Exp(-Vector2.DistanceSquared(p, rightEye) / 18) + MathF.Exp(-Vector2.DistanceSquared(p, leftEye) / 18));
            }
        }

        var crop = aligner.Align(new GrayImage(300, 300, source), rightEye, leftEye);

        AssertClose(aligner.RightEye, Centroid(crop, aligner.RightEye), 0.15f);
        AssertClose(aligner.LeftEye, Centroid(crop, aligner.LeftEye), 0.15f);
    }

    [SharedDataFact(needsOrl: true)]
    public void EyesAlreadyOnTheCanonicalPositionsGiveThePlainHalfSizeResize()
    {
        // An ORL image whose eyes sit exactly on the canonical positions is only resized: 2×2 area averaging,
        // the same pixels as the trainer's resize.
        var face = TestData.OrlFace(9, 2);

        var crop = new FaceAligner().Align(face, CanonicalFrame.RightEye, CanonicalFrame.LeftEye);

        Assert.True(TestData.MeanAbsDifference(crop, face.Resize(46, 56)) < 1e-3);
    }

    [Fact]
    public void CoverageMarksTheOutputPixelsWhoseCentresFallOutsideTheSource()
    {
        // Output pixel (u, v) samples source (u + 10, v): the last 10 columns of a 20-wide output lie past a 20-wide source.
        var coverage = FaceAligner.Coverage(new SimilarityTransform(1, 0, 10, 0), 20, 4, 20, 4);

        for (var v = 0; v < 4; v++)
        {
            for (var u = 0; u < 20; u++)
            {
                Assert.Equal(u < 10 ? 1f : 0f, coverage[(v * 20) + u]);
            }
        }
    }

    [Fact]
    public void SamplesOutsideTheSourceRepeatTheEdge()
    {
        var pixels = new float[20 * 20];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = i % 20 < 10 ? 50 : 150;
        }

        var image = new GrayImage(20, 20, pixels);

        // Faces entirely left or right of the image: every sample repeats the nearest edge column.
        Assert.All(new FaceAligner().Align(image, new Vector2(-60, 10), new Vector2(-50, 10)).Pixels, p => Assert.Equal(50f, p, 3));
        Assert.All(new FaceAligner().Align(image, new Vector2(70, 10), new Vector2(80, 10)).Pixels, p => Assert.Equal(150f, p, 3));
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        var image = TestData.Uniform(30, 30, 10);

        Assert.Contains("0×56", Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAligner(0, 56)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAligner(46, -1));
        Assert.Contains("coincide", Assert.Throws<ArgumentException>(() => new FaceAligner().Align(image, new Vector2(5, 5), new Vector2(5, 5))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FaceAligner().Align(image, new Vector2(float.NaN, 5), new Vector2(9, 5)));
        Assert.Throws<ArgumentNullException>(() => new FaceAligner().Align(null!, new Vector2(1, 5), new Vector2(9, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GrayImage(0, 10, []));
    }

    private static Vector2 Centroid(GrayImage image, Vector2 around)
    {
        double sx = 0, sy = 0, sw = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = new Vector2(x + 0.5f, y + 0.5f);
                if (Vector2.Distance(p, around) < 5)
                {
                    var w = image[x, y];
                    sx += w * p.X;
                    sy += w * p.Y;
                    sw += w;
                }
            }
        }

        return new Vector2((float)(sx / sw), (float)(sy / sw));
    }

    private static void AssertClose(Vector2 expected, Vector2 actual, float tolerance) =>
        Assert.True(Vector2.Distance(expected, actual) <= tolerance, $"expected {expected}, got {actual}");
}
