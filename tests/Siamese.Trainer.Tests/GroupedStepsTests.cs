using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>Grouped steps (<see cref="TrainOptions.GroupedSteps"/>): each P×K step takes its identities from as few groups as fill it.</summary>
public sealed class GroupedStepsTests : IDisposable
{
    private const string Alphabet = "^.*(?=_character)";

    // Four alphabets of 10, 3, 20 and 7 characters.
    private static readonly string[] Labels =
    [
        .. new[] { ("Greek", 10), ("Tagalog", 3), ("Korean", 20), ("Latin", 7) }
            .SelectMany(a => Enumerable.Range(1, a.Item2).Select(i => $"{a.Item1}_character{i:D2}")),
    ];

    private const int ImagesPerIdentity = 5;

    private readonly string directory = Directory.CreateTempSubdirectory("siamese-grouped-").FullName;

    private static int[] IdentityOfImage => [.. Enumerable.Range(0, Labels.Length * ImagesPerIdentity).Select(i => i / ImagesPerIdentity)];

    [Fact]
    public void EachIdentityBelongsToItsGroupAndATurnedCopyToAGroupOfItsOwn()
    {
        var group = IdentitySplitter.IdentityGroups(Labels, Alphabet);

        Assert.Equal(Enumerable.Repeat(group(0), 10), Enumerable.Range(0, 10).Select(group));
        Assert.Equal(Enumerable.Repeat(group(10), 3), Enumerable.Range(10, 3).Select(group));
        Assert.Equal(4, Enumerable.Range(0, Labels.Length).Select(group).Distinct().Count());
        // Quarter turns of the same alphabet: id + k × labels is another group for each k, none of them an unturned one.
        var turned = Enumerable.Range(1, 3).Select(k => group(k * Labels.Length)).ToArray();
        Assert.Equal(3, turned.Distinct().Count());
        Assert.DoesNotContain(turned, g => Enumerable.Range(0, Labels.Length).Select(group).Contains(g));
        Assert.Equal(group(Labels.Length), group(Labels.Length + 9)); // Greek_character01 and 10, each turned once
        Assert.Throws<ArgumentOutOfRangeException>(() => group(4 * Labels.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => group(-1));
    }

    [Fact]
    public void AStepTakesItsIdentitiesFromAsFewGroupsAsFillIt()
    {
        var group = IdentitySplitter.IdentityGroups(Labels, Alphabet);
        var sizes = Enumerable.Range(0, Labels.Length).GroupBy(group).ToDictionary(g => g.Key, g => g.Count());
        var sampler = new IdentityBatchSampler(IdentityOfImage, Enumerable.Range(0, IdentityOfImage.Length), groupOfIdentity: group);

        // 8 identities × 4 images a step.
        var steps = sampler.Draw(steps: 200, images: 32, perIdentity: 4, new Random(7));

        Assert.Equal(4, sampler.Groups);
        Assert.All(steps, step =>
        {
            Assert.Equal(8, step.Identities.Distinct().Count());
            Assert.All(step.Identities.GroupBy(id => id), g => Assert.Equal(4, g.Count()));
            // Every group in the step but the last one drawn is there whole: no step spreads over more groups than it must.
            var partial = step.Identities.Distinct().GroupBy(id => group((int)id)).Count(g => g.Count() < sizes[g.Key]);
            Assert.True(partial <= 1, $"{partial} groups taken in part: {string.Join(' ', step.Identities.Distinct())}");
        });
        // A step that starts in the 20-character alphabet stays in it; each group starts some steps.
        Assert.Contains(steps, step => step.Identities.Select(id => group((int)id)).Distinct().Count() == 1);
        Assert.Equal(4, steps.Select(step => group((int)step.Identities[0])).Distinct().Count());
    }

    [Fact]
    public void WithoutGroupsAStepDrawsAcrossThem()
    {
        var group = IdentitySplitter.IdentityGroups(Labels, Alphabet);
        var sampler = new IdentityBatchSampler(IdentityOfImage, Enumerable.Range(0, IdentityOfImage.Length));

        var steps = sampler.Draw(steps: 200, images: 32, perIdentity: 4, new Random(7));

        Assert.Equal(1, sampler.Groups);
        Assert.True(steps.Average(step => step.Identities.Select(id => group((int)id)).Distinct().Count()) > 2.5);
    }

    [Fact]
    public void TheSameSeedDrawsTheSameGroupedSteps()
    {
        var group = IdentitySplitter.IdentityGroups(Labels, Alphabet);
        var sampler = new IdentityBatchSampler(IdentityOfImage, Enumerable.Range(0, IdentityOfImage.Length), groupOfIdentity: group);

        var first = sampler.Draw(steps: 20, images: 32, perIdentity: 4, new Random(3));
        var second = sampler.Draw(steps: 20, images: 32, perIdentity: 4, new Random(3));

        Assert.Equal(first.SelectMany(s => s.Images), second.SelectMany(s => s.Images));
    }

    [Fact]
    public void TheConvTowerWithGroupsAndIdentityStepsChoosesGroupedStepsAndSaysWhy()
    {
        var open = new TrainOptions { Tower = TowerKind.Conv, SplitGroups = Alphabet, Pairs = PairScheme.Batch };
        var log = new StringWriter();

        var chosen = AdaptiveDefaults.ChooseGroupedSteps(open, log);

        Assert.True(chosen.GroupedSteps);
        Assert.True(chosen.DrawsGroupedSteps);
        Assert.Contains("Grouped steps:", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("--grouped-steps false", log.ToString(), StringComparison.Ordinal);
        Assert.Null(AdaptiveDefaults.ChooseGroupedSteps(open with { SplitGroups = null }, TextWriter.Null).GroupedSteps);
        Assert.Null(AdaptiveDefaults.ChooseGroupedSteps(open with { Pairs = PairScheme.Identity }, TextWriter.Null).GroupedSteps);
        Assert.Null(AdaptiveDefaults.ChooseGroupedSteps(open with { Tower = TowerKind.Baseline }, TextWriter.Null).GroupedSteps);
        Assert.False(AdaptiveDefaults.ChooseGroupedSteps(open with { GroupedSteps = false }, TextWriter.Null).GroupedSteps);
    }

    [Fact]
    public void GroupedStepsWithoutGroupsAreRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Conv, GroupedSteps = true }, "--split-groups");

    [Fact]
    public void GroupedStepsForAnotherTowerAreRefused() =>
        Refusals.RunRefuses(directory, new TrainOptions { Synthetic = true, Tower = TowerKind.Patch, SplitGroups = Alphabet, GroupedSteps = true }, "--grouped-steps");

    [Fact]
    public void GroupedStepsWithRandomPairsAreRefused() =>
        Refusals.CommandLineRefuses(directory, "--synthetic", "--tower", "conv", "--split-groups", "^.", "--pairs", "identity", "--grouped-steps", "true");

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
