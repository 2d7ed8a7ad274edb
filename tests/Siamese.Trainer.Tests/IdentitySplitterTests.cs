using Siamese.Trainer.Data;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class IdentitySplitterTests
{
    private static readonly string[] Orl = [.. Enumerable.Range(1, 40).Select(i => $"s{i}")];

    [Fact]
    public void OrlSplitsInto25Train5ValidationAnd10TestIdentitiesThatDoNotOverlap()
    {
        var split = IdentitySplitter.Split(Orl, testCount: 10, validationCount: 5, seed: 42);

        Assert.Equal(25, split.Train.Count);
        Assert.Equal(5, split.Validation.Count);
        Assert.Equal(10, split.Test.Count);
        Assert.Equal(40, split.Train.Concat(split.Validation).Concat(split.Test).Distinct().Count());
    }

    [Fact]
    public void TheDefaultsGiveOrlTheCustomary30NonTestAnd10TestIdentities()
    {
        var test = TrainingDefaults.TestIdentities(40);

        Assert.Equal(10, test);
        Assert.Equal(5, TrainingDefaults.ValidationIdentities(40 - test));
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplit()
    {
        var a = IdentitySplitter.Split(Orl, 10, 5, 7);
        var b = IdentitySplitter.Split(Orl.Reverse(), 10, 5, 7);

        Assert.Equal(a.Test, b.Test);
        Assert.Equal(a.Validation, b.Validation);
    }

    [Fact]
    public void AskingForMoreHeldOutIdentitiesThanExistIsRejectedWithAMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => IdentitySplitter.Split(Orl, 30, 9, 1));

        Assert.Contains("--test-identities", error.Message, StringComparison.Ordinal);
    }
}
