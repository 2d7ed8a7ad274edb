namespace Siamese.Imaging.Tests;

public class ColourImageTests
{
    [Fact]
    public void PlanesAreRedGreenAndBlueAsFloats()
    {
        var planes = new RgbImage(2, 1, [1, 2, 3, 4, 5, 6]).ToPlanes();

        Assert.Equal([1f, 4f], planes[0].Pixels);
        Assert.Equal([2f, 5f], planes[1].Pixels);
        Assert.Equal([3f, 6f], planes[2].Pixels);
    }

    [Fact]
    public void AGrayImageAsColourHasEqualChannels()
    {
        var rgb = RgbImage.FromGray(new GrayImage(2, 1, [10.4f, 300f]));

        Assert.Equal([10, 10, 10, 255, 255, 255], rgb.Rgb);
    }

    [Fact]
    public void AColourCropKeepsAllThreeChannels()
    {
        var image = new RgbImage(3, 2, [.. Enumerable.Range(0, 18).Select(i => (byte)i)]);

        var crop = image.Crop(new PixelRect(1, 1, 2, 1));

        Assert.Equal([12, 13, 14, 15, 16, 17], crop.Rgb);
    }

    [Fact]
    public void ALoadedPngDecodesToTheSameColoursAsItsBytes()
    {
        var image = new RgbImage(2, 2, [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
        var path = Path.Combine(Path.GetTempPath(), $"siamese-colour-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, ImageEncoder.EncodePng(image));

            Assert.Equal(image.Rgb, ImageDecoder.LoadRgb(path).Rgb);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
