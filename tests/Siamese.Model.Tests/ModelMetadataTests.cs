namespace Siamese.Model.Tests;

public class ModelMetadataTests
{
    private static readonly ModelMetadata Sample = new()
    {
        Name = "orl-tower",
        Version = "3",
        InputHeight = 56,
        InputWidth = 46,
        PixelMean = 0.45f,
        PixelStd = 0.23f,
        EmbeddingDimension = 64,
        Threshold = 0.8125f,
        ThresholdFalseAcceptRate = 0.01,
        TrainingData = """{"classes":35}""",
        Evaluation = """{"one_shot_accuracy":0.9}""",
    };

    [Fact]
    public void RoundTripThroughTheOnnxMetadataMapKeepsEveryField()
    {
        var restored = ModelMetadata.FromDictionary(Sample.ToDictionary());

        Assert.Equal(Sample, restored);
        Assert.Equal("orl-tower:3", restored.ModelId);
    }

    [Fact]
    public void NumbersAreWrittenCultureInvariant()
    {
        Assert.Equal("0.8125", Sample.ToDictionary()[ModelMetadataKeys.Threshold]);
    }

    [Fact]
    public void MissingKeyIsAnErrorThatNamesIt()
    {
        var map = new Dictionary<string, string>(Sample.ToDictionary());
        map.Remove(ModelMetadataKeys.Threshold);

        var error = Assert.Throws<InvalidDataException>(() => ModelMetadata.FromDictionary(map));

        Assert.Contains(ModelMetadataKeys.Threshold, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedNumberIsAnErrorThatNamesTheKey()
    {
        var map = new Dictionary<string, string>(Sample.ToDictionary()) { [ModelMetadataKeys.InputWidth] = "wide" };

        var error = Assert.Throws<InvalidDataException>(() => ModelMetadata.FromDictionary(map));

        Assert.Contains(ModelMetadataKeys.InputWidth, error.Message, StringComparison.Ordinal);
    }
}
