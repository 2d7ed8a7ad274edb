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
