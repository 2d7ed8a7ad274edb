using Siamese.Imaging;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

public sealed class TwoToneDefaultsTests
{
    [Fact]
    public void StrokesOnPlainPaperAreTwoTone()
    {
        Assert.True(TwoToneProbe.IsTwoTone(Character(105)));
    }

    [Fact]
    public void GrayGradientsBlankPagesAndUniformFramesAreNotTwoTone()
    {
        var gradient = new GrayImage(64, 64, [.. Enumerable.Range(0, 64 * 64).Select(i => (float)(i % 64 * 4))]);
        var blank = new GrayImage(64, 64, [.. Enumerable.Repeat(255f, 64 * 64)]);
        var black = new GrayImage(64, 64, new float[64 * 64]);

        Assert.False(TwoToneProbe.IsTwoTone(gradient));
        Assert.False(TwoToneProbe.IsTwoTone(blank));
        Assert.False(TwoToneProbe.IsTwoTone(black));
    }

    [Fact]
    public void TwoToneCharactersAreScaledToTheStandardCharacterInputKeepingTheirAspect()
    {
        var (height, width, reason) = AdaptiveDefaults.InputSize([.. Enumerable.Repeat((105, 105), 20)], AlignMode.None, twoTone: true);

        Assert.Equal((32, 32), (height, width));
        Assert.Contains("two-tone", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARunOnCharactersPrintsTheTwoToneInputWithItsReason()
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.All };

        var chosen = AdaptiveDefaults.ChooseInput(options, [.. Enumerable.Range(0, 8).Select(_ => Character(105))], log);

        Assert.Equal((32, 32), (chosen.InputHeight, chosen.InputWidth));
        Assert.Contains("Input 32x32:", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CharactersGetTheStrokeAugmentationAlsoWithAnInputSizeOfTheirOwn()
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = TowerKind.Conv, InputHeight = 48, InputWidth = 48, Adaptive = AdaptiveSettings.All & ~AdaptiveSettings.InputSize };

        var chosen = AdaptiveDefaults.ChooseInput(options, [.. Enumerable.Range(0, 8).Select(_ => Character(105))], log);

        Assert.Equal((48, 48), (chosen.InputHeight, chosen.InputWidth));
        Assert.Equal(AugmentOptions.Strokes, chosen.Augmentation);
        Assert.DoesNotContain("Input ", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("Augmentation: shifts up to 10%", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SettledOptionsKeepTheirAugmentation()
    {
        // A resumed run's options come back settled: nothing is chosen again.
        var log = new StringWriter();
        var options = new TrainOptions { Tower = TowerKind.Conv, InputHeight = 48, InputWidth = 48, Adaptive = AdaptiveSettings.None };

        var chosen = AdaptiveDefaults.ChooseInput(options, [.. Enumerable.Range(0, 8).Select(_ => Character(105))], log);

        Assert.Equal(new AugmentOptions(), chosen.Augmentation);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void ManyTrainingIdentitiesTrainOnStepsOfIdentitiesWithSupconAndSayWhy()
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.Recipe };

        var chosen = AdaptiveDefaults.ChooseRecipe(options, trainIdentities: 194, log);

        Assert.Equal((PairScheme.Batch, LossKind.SupCon, SelectionKind.Eer), (chosen.Pairs, chosen.Loss, chosen.Selection));
        Assert.Equal(AdaptiveSettings.None, chosen.Adaptive);
        Assert.Contains("194 training identities", log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TowerKind.Conv, 25, AdaptiveSettings.Recipe)]
    [InlineData(TowerKind.Conv, 194, AdaptiveSettings.None)]
    [InlineData(TowerKind.Face, 194, AdaptiveSettings.Recipe)]
    [InlineData(TowerKind.Baseline, 194, AdaptiveSettings.Recipe)]
    public void FewIdentitiesAGivenRecipeOrAnotherTowerKeepTheBalancedPairs(TowerKind tower, int trainIdentities, AdaptiveSettings open)
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = tower, Adaptive = open };

        var chosen = AdaptiveDefaults.ChooseRecipe(options, trainIdentities, log);

        Assert.Equal((PairScheme.Identity, LossKind.Contrastive, SelectionKind.Loss), (chosen.Pairs, chosen.Loss, chosen.Selection));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void CharactersWithTheConvTowerTrainOnRotatedClassesWithTwiceThePairsAndSayWhy()
    {
        var log = new StringWriter();
        var options = new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.All };

        var chosen = AdaptiveDefaults.ChooseBudget(AdaptiveDefaults.ChooseInput(options, [.. Enumerable.Range(0, 8).Select(_ => Character(105))], log), trainImages: 3040, log);

        Assert.True(chosen.RotatedClasses);
        Assert.Equal(AdaptiveDefaults.RotatedMaximumPairs, chosen.PairsPerEpoch);
        Assert.Contains("Rotated classes:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("12,160 with the turned copies", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CharactersWithTheConvTowerTrainTwoMembersAndSayWhyUnlessTheUserChose()
    {
        var characters = Enumerable.Range(0, 8).Select(_ => Character(105)).ToArray();
        var gradient = new GrayImage(64, 64, [.. Enumerable.Range(0, 64 * 64).Select(i => (float)(i % 64 * 4))]);
        var log = new StringWriter();

        var chosen = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.All }, characters, log);
        var own = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Conv, Members = 1, Adaptive = AdaptiveSettings.All }, characters, TextWriter.Null);
        var photos = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.All }, [.. Enumerable.Repeat(gradient, 8)], TextWriter.Null);
        var baseline = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Baseline, Adaptive = AdaptiveSettings.All }, characters, TextWriter.Null);

        Assert.Equal(AdaptiveDefaults.CharacterMembers, chosen.Members);
        Assert.Equal(2, chosen.ToTowerOptions().Members);
        Assert.Contains(AdaptiveDefaults.MembersReason, log.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, own.Members);
        Assert.Null(photos.Members);
        Assert.Equal(1, photos.ToTowerOptions().Members);
        Assert.Null(baseline.Members);
    }

    [Fact]
    public void PhotosAnotherTowerOrAUsersNoKeepTheirOwnClasses()
    {
        var gradient = new GrayImage(64, 64, [.. Enumerable.Range(0, 64 * 64).Select(i => (float)(i % 64 * 4))]);
        var characters = Enumerable.Range(0, 8).Select(_ => Character(105)).ToArray();

        var photos = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Conv, Adaptive = AdaptiveSettings.All }, [.. Enumerable.Repeat(gradient, 8)], TextWriter.Null);
        var baseline = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Baseline, Adaptive = AdaptiveSettings.All }, characters, TextWriter.Null);
        var refused = AdaptiveDefaults.ChooseInput(new TrainOptions { Tower = TowerKind.Conv, RotatedClasses = false, Adaptive = AdaptiveSettings.All }, characters, TextWriter.Null);

        Assert.Null(photos.RotatedClasses);
        Assert.Null(baseline.RotatedClasses);
        Assert.False(refused.RotatedClasses);
        Assert.Equal(AdaptiveDefaults.MaximumPairs, AdaptiveDefaults.ChooseBudget(photos, trainImages: 3040, TextWriter.Null).PairsPerEpoch);
    }

    /// <summary>White paper with a dark cross of strokes (about 10% ink).</summary>
    private static GrayImage Character(int size)
    {
        var pixels = Enumerable.Repeat(255f, size * size).ToArray();
        for (var i = 0; i < size; i++)
        {
            for (var t = -3; t <= 2; t++)
            {
                pixels[((size / 2) + t) * size + i] = 0;
                pixels[(i * size) + (size / 3) + t] = 10;
            }
        }

        return new GrayImage(size, size, pixels);
    }
}
