using Siamese.Trainer.Data;

namespace Siamese.Trainer.Tests;

public sealed class PairSamplerTests
{
    // 40 identities × 10 images, like ORL: image i belongs to identity i / 10.
    private static readonly int[] IdentityOfImage = [.. Enumerable.Range(0, 400).Select(i => i / 10)];

    [Fact]
    public void AnEpochOfPairsIsHalfGenuineHalfImpostor()
    {
        var pairs = new PairSampler(IdentityOfImage, Enumerable.Range(0, 400)).Draw(1000, new Random(1));

        Assert.Equal(1000, pairs.Length);
        Assert.Equal(500, pairs.Count(p => p.Genuine));
        Assert.All(pairs, p => Assert.Equal(p.Genuine, IdentityOfImage[p.First] == IdentityOfImage[p.Second]));
        Assert.All(pairs, p => Assert.NotEqual(p.First, p.Second));
    }

    [Fact]
    public void PairsDrawnForTrainingNeverUseAValidationOrTestIdentity()
    {
        var labels = Enumerable.Range(0, 40).Select(i => $"s{i + 1}").ToArray();
        var split = IdentitySplitter.Split(labels, testCount: 10, validationCount: 5, seed: 3);
        var trainIds = split.Train.Select(l => Array.IndexOf(labels, l)).ToHashSet();
        var trainImages = Enumerable.Range(0, 400).Where(i => trainIds.Contains(IdentityOfImage[i]));

        var pairs = new PairSampler(IdentityOfImage, trainImages).Draw(5000, new Random(3));

        Assert.All(pairs, p =>
        {
            Assert.Contains(IdentityOfImage[p.First], trainIds);
            Assert.Contains(IdentityOfImage[p.Second], trainIds);
        });
    }

    [Fact]
    public void TheSameSeedDrawsTheSamePairsAndAnotherSeedOthers()
    {
        var sampler = new PairSampler(IdentityOfImage, Enumerable.Range(0, 400));

        var first = sampler.Draw(200, new Random(11));
        var again = sampler.Draw(200, new Random(11));
        var other = sampler.Draw(200, new Random(12));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void ClassicSplitHas15000TrainingAnd5000TestPairsBothBalanced()
    {
        var split = ClassicPairSplit.Create(IdentityOfImage, seed: 5);

        Assert.Equal(15_000, split.Train.Count);
        Assert.Equal(5_000, split.Test.Count);
        Assert.Equal(10_000, split.Train.Count(p => p.Genuine) + split.Test.Count(p => p.Genuine));
        Assert.InRange(split.Test.Count(p => p.Genuine), 2_300, 2_700);
    }

    [Fact]
    public void IdentityBatchesHoldFourImagesOfEachChosenTrainingIdentity()
    {
        var trainImages = Enumerable.Range(0, 250).ToArray();

        var steps = new IdentityBatchSampler(IdentityOfImage, trainImages).Draw(steps: 20, images: 128, perIdentity: 4, new Random(2));

        Assert.Equal(20, steps.Length);
        Assert.All(steps, step =>
        {
            Assert.All(step.Images, i => Assert.InRange(i, 0, 249));
            Assert.All(step.Identities.GroupBy(id => id), g => Assert.Equal(4, g.Count()));
            Assert.Equal(25, step.Identities.Distinct().Count());
        });
    }

    [Theory]
    [InlineData(null, 16, 4)] // the steps before --images-per-identity: 32 identities x 4, 16 steps of 64 pairs
    [InlineData(8, 8, 8)] // 32 identities x 8 in half as many steps: the same 2,048 images an epoch
    public void StepsOfBatchSizeOverTwoIdentitiesHoldKImagesEachAndAnEpochTheSameImages(int? k, int steps, int each)
    {
        var options = new Training.TrainOptions { Pairs = Training.PairScheme.Batch, BatchSize = 64, PairsPerEpoch = 1000, ImagesPerIdentity = k };

        var epoch = Training.TrainingPipeline.BatchSource(options, IdentityOfImage, [.. Enumerable.Range(0, 400)])(new Random(4));

        Assert.Equal(steps, Training.Trainer.StepsPerEpoch(options));
        Assert.Equal(steps, epoch.Length);
        Assert.All(epoch, step =>
        {
            Assert.Equal(32 * each, step.Images.Length);
            Assert.Equal(32, step.Identities!.Distinct().Count());
            Assert.All(step.Identities!.GroupBy(id => id), g => Assert.Equal(each, g.Count()));
        });
        Assert.Equal(16, Training.Trainer.StepsPerEpoch(options with { Pairs = Training.PairScheme.Identity }));
    }

    [Fact]
    public void AnAnchorImageIsInEveryStepThatDrawsItsIdentity()
    {
        // The first image of each identity stands for its catalogue image (--gallery-every-step).
        var anchors = Enumerable.Range(0, 40).Select(id => id * 10).ToHashSet();

        var steps = new IdentityBatchSampler(IdentityOfImage, Enumerable.Range(0, 400), anchors).Draw(steps: 20, images: 64, perIdentity: 4, new Random(3));

        Assert.All(steps, step =>
        {
            Assert.All(step.Identities.Distinct(), id => Assert.Contains(id * 10, step.Images));
            Assert.All(step.Identities.GroupBy(id => id), g => Assert.Equal(4, g.Count()));
        });
    }
}
