namespace Siamese.Imaging.Tests;

public class ImageOpsTests
{
    [Fact]
    public void GrayIsBt601Luma()
    {
        var gray = new RgbImage(2, 1, [255, 0, 0, 10, 200, 30]).ToGray();

        Assert.Equal(0.299f * 255, gray.Pixels[0], 3);
        Assert.Equal((0.299f * 10) + (0.587f * 200) + (0.114f * 30), gray.Pixels[1], 3);
    }

    [Fact]
    public void CropCopiesTheRegion()
    {
        var image = TestImages.Gradient(10, 8);

        var crop = image.Crop(new PixelRect(2, 3, 4, 2));

        Assert.Equal(4, crop.Width);
        Assert.Equal(2, crop.Height);
        Assert.Equal(image[2, 3], crop[0, 0]);
        Assert.Equal(image[5, 4], crop[3, 1]);
    }

    [Fact]
    public void CropIsClampedToTheImage()
    {
        var image = TestImages.Gradient(10, 8);

        var crop = image.Crop(new PixelRect(-5, 6, 8, 10));

        Assert.Equal(3, crop.Width);
        Assert.Equal(2, crop.Height);
        Assert.Equal(image[0, 6], crop[0, 0]);
    }

    [Fact]
    public void RgbCropKeepsColours()
    {
        var image = TestImages.ColourBlocks(10, 10);

        var crop = ImageOps.Crop(image, new PixelRect(8, 8, 5, 5));

        Assert.Equal(2, crop.Width);
        Assert.Equal(new byte[] { 30, 60, 90 }, crop.Rgb[..3]);
    }

    [Fact]
    public void CropOutsideTheImageIsAnArgumentError()
    {
        var image = TestImages.Gradient(10, 8);

        Assert.Throws<ArgumentException>(() => image.Crop(new PixelRect(20, 0, 5, 5)));
        Assert.Throws<ArgumentException>(() => image.Crop(new PixelRect(2, 2, 0, 5)));
    }

    [Fact]
    public void NormalizeAppliesMeanAndStd()
    {
        var image = new GrayImage(2, 1, [0f, 255]);
        var destination = new float[2];

        ImageOps.Normalize(image, 0.5f, 0.25f, destination);

        Assert.Equal([-2f, 2f], destination);
    }

    [Fact]
    public void NormalizeRejectsAWrongSizedDestination()
    {
        var image = new GrayImage(2, 1, [0f, 255]);

        Assert.Throws<ArgumentException>(() => ImageOps.Normalize(image, 0, 1, new float[3]));
    }
}
