using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using TorchSharp;

namespace Siamese.Trainer.Training;

/// <summary>
/// Trains on the classic ORL pair split (pairs over all identities, 75% train / 25% test) and reports the classic
/// figure on its test pairs, for setting beside published numbers. No validation, so no early stopping.
/// </summary>
public sealed class ClassicComparison(TextWriter log)
{
    public ClassicSplitReport Run(TrainOptions options, GrayDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        var all = Enumerable.Range(0, dataset.Items.Count).ToArray();
        var pixels = PixelStatistics.Measure(dataset.Images, options.InputHeight, options.InputWidth);
        var set = new ImageSet(dataset, new Preprocessor(options.InputHeight, options.InputWidth, pixels.Mean, pixels.Std));
        var split = ClassicPairSplit.Create(dataset.IdentityOfImage, options.Seed);
        var classicOptions = options with { Pairs = PairScheme.Classic, Output = Path.Combine(options.Output, "classic"), Patience = 0 };

        torch.manual_seed(options.Seed);
        using var tower = TowerFactory.Create(options.ToTowerOptions());
        var train = split.Train.ToArray();
        var state = new CheckpointState { Epoch = 0, Options = classicOptions, Split = new IdentitySplit(dataset.Identities, [], []), Pixels = pixels, History = [] };
        var augmenter = options.Augment ? new Augmenter(options.Augmentation, pixels) : null;
        if (tower is PatchTower patch)
        {
            // Closed form on every image that appears in a training pair, labelled by its identity.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            PatchTraining.FitOn(patch, set.Inputs, dataset.IdentityOfImage, [.. split.Train.SelectMany(p => new[] { p.First, p.Second }).Distinct().Order()]);
            state = state with { TrainSeconds = clock.Elapsed.TotalSeconds };
        }
        else
        {
            state = RunTrainer(classicOptions, tower, set, train, augmenter, state, options);
        }

        var embeddings = new EmbeddedImages(new TowerEmbedder(tower).Embed(set.Inputs), dataset.IdentityOfImage, all);
        var classic = ClassicResult.Compute(
            "classic split: test 25% of 10,000 genuine + 10,000 impostor pairs over all identities",
            [.. split.Test.Select(p => embeddings.Distance(p.First, p.Second))],
            [.. split.Test.Select(p => p.Genuine)]);
        var trainKeys = split.Train.Select(Key).ToHashSet();
        var overlap = (double)split.Test.Count(p => trainKeys.Contains(Key(p))) / split.Test.Count;
        log.WriteLine($"Classic split: genuine share below 0.5 = {classic.GenuineShareBelowCutoff:P2}, accuracy at 0.5 = {classic.Accuracy:P2}; {overlap:P0} of test pairs also in training.");
        return new ClassicSplitReport(
            options.Tower.ToString().ToLowerInvariant(),
            dataset.Identities.Count,
            split.Train.Count,
            split.Test.Count,
            overlap,
            Math.Round(state.TrainSeconds, 1),
            classic,
            "Pairs of the same identities (and often the very same image pairs) appear in training and test, so this "
            + "measures recognition of people already seen, not one-shot identification of new people.");
    }

    private CheckpointState RunTrainer(TrainOptions classicOptions, Tower tower, ImageSet set, ImagePair[] train, Augmenter? augmenter, CheckpointState state, TrainOptions options) =>
        new Trainer(classicOptions, log).Fit(
            tower,
            set.Inputs,
            random => TrainingBatch.FromPairs([.. Enumerable.Range(0, options.PairsPerEpoch).Select(_ => train[random.Next(train.Length)])], options.BatchSize),
            null,
            augmenter,
            new CheckpointStore(CheckpointStore.FolderOf(classicOptions.Output)),
            state);

    private static (int, int) Key(ImagePair pair) => pair.First < pair.Second ? (pair.First, pair.Second) : (pair.Second, pair.First);
}
