namespace Siamese.Model.Tests;

public class NaturalComparerTests
{
    [Fact]
    public void NumbersInsideNamesSortByValue()
    {
        string[] names = ["s10", "s2", "s1", "s100", "s9"];

        Assert.Equal(["s1", "s2", "s9", "s10", "s100"], names.Order(NaturalComparer.Instance));
    }

    [Fact]
    public void FileNamesSortByNumberThenExtension()
    {
        string[] names = ["10.pgm", "2.pgm", "1.pgm", "1.png"];

        Assert.Equal(["1.pgm", "1.png", "2.pgm", "10.pgm"], names.Order(NaturalComparer.Instance));
    }

    [Fact]
    public void LeadingZerosDoNotChangeTheValue()
    {
        Assert.True(NaturalComparer.Instance.Compare("item-002", "item-10") < 0);
        Assert.True(NaturalComparer.Instance.Compare("item-010", "item-9") > 0);
    }

    [Fact]
    public void TextComparesOrdinallyAndShorterPrefixComesFirst()
    {
        Assert.True(NaturalComparer.Instance.Compare("a", "b") < 0);
        Assert.True(NaturalComparer.Instance.Compare("abc", "abcd") < 0);
        Assert.Equal(0, NaturalComparer.Instance.Compare("s7", "s7"));
    }
}
