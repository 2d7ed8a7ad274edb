using Siamese.Trainer.Data;

namespace Siamese.Trainer.Tests;

public sealed class GroupSplitTests
{
    private const string Alphabet = "^.*(?=_character)";

    private static readonly string[] Characters =
    [
        .. new[] { ("Greek", 24), ("Latin", 26), ("Korean", 40), ("Tagalog", 17), ("Japanese_(katakana)", 47) }
            .SelectMany(a => Enumerable.Range(1, a.Item2).Select(i => $"{a.Item1}_character{i:D2}")),
    ];

    [Fact]
    public void WholeAlphabetsAreHeldOutUntilTheTestHasEnoughCharacters()
    {
        var split = IdentitySplitter.SplitByGroup(Characters, Alphabet, testCount: 20, validationCount: 10, seed: 42);

        Assert.True(split.Test.Count >= 20);
        Assert.True(split.Validation.Count >= 10);
        var testAlphabets = split.Test.Select(Of).ToHashSet();
        Assert.DoesNotContain(split.Train.Concat(split.Validation), c => testAlphabets.Contains(Of(c)));
        Assert.DoesNotContain(split.Train, c => split.Validation.Select(Of).Contains(Of(c)));
        Assert.Equal(Characters.Length, split.Train.Count + split.Validation.Count + split.Test.Count);
    }

    [Fact]
    public void TooFewGroupsToLeaveTrainingIdentitiesIsAnError() =>
        Assert.Throws<ArgumentException>(() => IdentitySplitter.SplitByGroup(Characters, Alphabet, testCount: 120, validationCount: 40, seed: 1));

    private static string Of(string character) => character[..character.IndexOf("_character", StringComparison.Ordinal)];
}
