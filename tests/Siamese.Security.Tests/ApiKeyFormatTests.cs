namespace Siamese.Security.Tests;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void GeneratedKeyCarriesItsIdAndMatchesOnlyItsOwnHash()
    {
        var (id, key) = ApiKeyFormat.Generate();
        var (_, other) = ApiKeyFormat.Generate();

        Assert.True(ApiKeyFormat.IsId(id));
        Assert.Equal(id, ApiKeyFormat.IdOf(key));
        Assert.True(ApiKeyFormat.Matches(key, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.Matches(other, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.Matches(key[..^1], ApiKeyFormat.Hash(key)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sia_")]
    [InlineData("sia_abcdefghijkl")]
    [InlineData("xyz_abcdefghijkl_secret")]
    [InlineData("sia_abc_secret")]
    public void TextNotShapedLikeAKeyHasNoId(string text) => Assert.Null(ApiKeyFormat.IdOf(text));

    [Fact]
    public void AStoredHashThatIsNotHexMatchesNothing() => Assert.False(ApiKeyFormat.Matches("sia_abcdefghijkl_x", "not hex!"));
}
