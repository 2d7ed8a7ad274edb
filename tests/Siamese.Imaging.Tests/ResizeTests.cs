namespace Siamese.Imaging.Tests;

public class ResizeTests
{
    [Fact]
    public void HalvingAveragesEachTwoByTwoBlockExactly()
    {
        var image = TestImages.Gradient(92, 112);

        var half = image.Resize(46, 56);

        Assert.Equal(46, half.Width);
        Assert.Equal(56, half.Height);
        for (var y = 0; y < 56; y++)
        {
            for (var x = 0; x < 46; x++)
            {
                var expected = (image[2 * x, 2 * y] + image[(2 * x) + 1, 2 * y] + image[2 * x, (2 * y) + 1] + image[(2 * x) + 1, (2 * y) + 1]) / 4;
                Assert.Equal(expected, half[x, y], 3);
            }
        }
    }

    [Fact]
    public void NonIntegerShrinkUsesFractionalCoverage()
    {
        // 3 → 2: output 0 covers [0, 1.5) = pixel 0 fully and half of pixel 1; output 1 covers [1.5, 3).
        var image = new GrayImage(3, 1, [30f, 60, 90]);

        var resized = image.Resize(2, 1);

        Assert.Equal(((30f * 1) + (60 * 0.5f)) / 1.5f, resized[0, 0], 4);
        Assert.Equal(((60f * 0.5f) + (90 * 1)) / 1.5f, resized[1, 0], 4);
    }

    [Fact]
    public void ShrinkingToOnePixelGivesTheMean()
    {
        var image = new GrayImage(2, 3, [1f, 2, 3, 4, 5, 6]);

        Assert.Equal(3.5f, image.Resize(1, 1).Pixels[0], 4);
    }

    [Fact]
    public void EnlargingInterpolatesBilinearlyBetweenPixelCentres()
    {
        var image = new GrayImage(2, 1, [0f, 100]);

        var resized = image.Resize(4, 1);

        // Output centres map to source positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
        Assert.Equal([0f, 25, 75, 100], resized.Pixels);
    }

    [Fact]
    public void ShrinkingOneAxisWhileGrowingTheOtherTreatsEachAxisOnItsOwn()
    {
        var image = new GrayImage(4, 2, [0f, 10, 20, 30, 100, 110, 120, 130]);

        var resized = image.Resize(2, 4);

        // Columns average pairs, rows interpolate: rows 0 and 3 are clamped to the source rows.
        Assert.Equal([5f, 25], resized.Pixels[0..2]);
        Assert.Equal([105f, 125], resized.Pixels[6..8]);
        Assert.Equal(5 + (100 * 0.25f), resized[0, 1], 4);
    }

    [Fact]
    public void ConstantImageStaysConstantAtAnySize()
    {
        var image = new GrayImage(7, 5, Enumerable.Repeat(42f, 35).ToArray());

        foreach (var (w, h) in new[] { (3, 2), (11, 13), (7, 1), (1, 9) })
        {
            Assert.All(image.Resize(w, h).Pixels, p => Assert.Equal(42f, p, 4));
        }
    }

    [Fact]
    public void SameSizeIsACopy()
    {
        var image = TestImages.Gradient(5, 4);

        var resized = image.Resize(5, 4);

        Assert.Equal(image.Pixels, resized.Pixels);
        Assert.NotSame(image.Pixels, resized.Pixels);
    }
}
