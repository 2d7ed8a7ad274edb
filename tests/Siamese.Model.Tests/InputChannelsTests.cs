namespace Siamese.Model.Tests;

public class InputChannelsTests
{
    private static readonly ModelMetadata Colour = new()
    {
        Name = "grocery", Version = "1", InputHeight = 224, InputWidth = 224, InputChannels = 3, EmbeddingDimension = 128, Threshold = 0.9f,
    };

    [Fact]
    public void AColourModelSaysSoInItsMetadata()
    {
        var map = Colour.ToDictionary();

        Assert.Equal("3", map[ModelMetadataKeys.InputChannels]);
        Assert.Equal(3, ModelMetadata.FromDictionary(map).InputChannels);
    }

    [Fact]
    public void AModelFromBeforeColourIsGray()
    {
        var map = new Dictionary<string, string>(Colour.ToDictionary());
        map.Remove(ModelMetadataKeys.InputChannels);

        Assert.Equal(1, ModelMetadata.FromDictionary(map).InputChannels);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("4")]
    [InlineData("rgb")]
    public void AChannelCountOtherThanOneOrThreeIsAnErrorThatNamesTheKey(string value)
    {
        var map = new Dictionary<string, string>(Colour.ToDictionary()) { [ModelMetadataKeys.InputChannels] = value };

        var error = Assert.Throws<InvalidDataException>(() => ModelMetadata.FromDictionary(map));

        Assert.Contains(ModelMetadataKeys.InputChannels, error.Message, StringComparison.Ordinal);
    }
}
