using Siamese.Imaging;

namespace Siamese.Model.Tests;

public class PreprocessorTests
{
    [Fact]
    public void TensorEqualsResizeThenNormalize()
    {
        var image = Gradient(92, 112);
        var preprocessor = new Preprocessor(56, 46, 0.4f, 0.2f);
        var expected = new float[56 * 46];
        ImageOps.Normalize(image.Resize(46, 56), 0.4f, 0.2f, expected);

        var tensor = preprocessor.ToTensor(image);

        Assert.Equal(expected, tensor);
    }

    [Fact]
    public void ImageAlreadyAtInputSizeIsOnlyNormalized()
    {
        var image = Gradient(46, 56);
        var preprocessor = new Preprocessor(56, 46, 0f, 1f);

        var tensor = preprocessor.ToTensor(image);

        Assert.Equal(image.Pixels.Select(p => p / 255f), tensor);
    }

    [Fact]
    public void MetadataDecidesTheInputSize()
    {
        var metadata = new ModelMetadata
        {
            Name = "m", Version = "1", InputHeight = 28, InputWidth = 23, EmbeddingDimension = 8, Threshold = 1,
        };

        var preprocessor = new Preprocessor(metadata);

        Assert.Equal(28 * 23, preprocessor.ToTensor(Gradient(92, 112)).Length);
    }

    private static GrayImage Gradient(int width, int height) =>
        new(width, height, Enumerable.Range(0, width * height).Select(i => (float)((i * 37) % 256)).ToArray());
}

public class ColourPreprocessorTests
{
    [Fact]
    public void AColourModelGetsTheRedGreenAndBluePlanesInThatOrder()
    {
        var image = new RgbImage(2, 1, [255, 0, 51, 0, 102, 255]);
        var preprocessor = new Preprocessor(1, 2, 0f, 1f, channels: 3);

        var tensor = preprocessor.ToTensor(image);

        Assert.Equal([1f, 0f, 0f, 0.4f, 0.2f, 1f], tensor);
    }

    [Fact]
    public void EachPlaneIsResizedLikeAGrayImage()
    {
        var image = new RgbImage(92, 112, [.. Enumerable.Range(0, 92 * 112 * 3).Select(i => (byte)((i * 31) % 256))]);
        var preprocessor = new Preprocessor(56, 46, 0.5f, 0.25f, channels: 3);
        var expected = new float[3 * 56 * 46];
        var planes = image.ToPlanes();
        for (var c = 0; c < 3; c++)
        {
            ImageOps.Normalize(planes[c].Resize(46, 56), 0.5f, 0.25f, expected.AsSpan(c * 56 * 46, 56 * 46));
        }

        Assert.Equal(expected, preprocessor.ToTensor(image));
    }

    [Fact]
    public void AGrayModelGetsTheLumaOfAColourImage()
    {
        var image = new RgbImage(2, 1, [255, 0, 0, 10, 200, 30]);
        var preprocessor = new Preprocessor(1, 2, 0f, 1f);

        Assert.Equal(new Preprocessor(1, 2, 0f, 1f).ToTensor(image.ToGray()), preprocessor.ToTensor(image));
    }

    [Fact]
    public void AGrayImageGivenToAColourModelFillsAllThreePlanes()
    {
        var gray = new GrayImage(2, 1, [51f, 204f]);
        var preprocessor = new Preprocessor(1, 2, 0f, 1f, channels: 3);

        Assert.Equal([0.2f, 0.8f, 0.2f, 0.8f, 0.2f, 0.8f], preprocessor.ToTensor(gray));
        Assert.Equal(preprocessor.ToTensor(RgbImage.FromGray(gray)), preprocessor.ToTensor(gray));
    }

    [Fact]
    public void MetadataDecidesTheChannels()
    {
        var metadata = new ModelMetadata { Name = "m", Version = "1", InputHeight = 4, InputWidth = 5, InputChannels = 3, EmbeddingDimension = 8, Threshold = 1 };

        Assert.Equal(3 * 4 * 5, new Preprocessor(metadata).InputLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void OnlyOneOrThreeChannelsAreAccepted(int channels) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Preprocessor(4, 4, 0f, 1f, channels));

    [Fact]
    public void ADestinationOfTheWrongLengthIsAnError() =>
        Assert.Throws<ArgumentException>(() => new Preprocessor(2, 2, 0f, 1f, channels: 3).Write(new GrayImage(2, 2, new float[4]), new float[4]));
}
