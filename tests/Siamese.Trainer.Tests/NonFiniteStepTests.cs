using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>A step whose loss or gradients are not finite is skipped, never applied; two epochs of nothing but such steps are a clear error.</summary>
public sealed class NonFiniteStepTests : IDisposable
{
    private const int Identities = 6;
    private const int PerIdentity = 4;
    private readonly string directory = Path.Combine(Path.GetTempPath(), "siamese-nonfinite-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void StepsWithANaNImageAreSkippedAndTheWeightsStayFinite()
    {
        var inputs = Inputs();
        Array.Fill(inputs[0], float.NaN);
        var log = new StringWriter();

        var (state, tower) = Fit(inputs, log, batchSize: 4);

        using (tower)
        {
            Assert.Equal(2, state.Epoch);
            Assert.All(tower.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
            Assert.All(state.History, e => Assert.True(double.IsFinite(e.TrainLoss)));
            Assert.Contains("steps skipped", log.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AFitOnASharedBarWritesNoEpochLinesAndWipesTheBarBeforeItsOwnLines()
    {
        // Threshold folds trained one after another share one bar: a line per fold, not each fold's epoch lines.
        var inputs = Inputs();
        Array.Fill(inputs[0], float.NaN);
        var screen = new StringWriter();
        var bar = new ProgressBar(screen, totalSteps: 2 * 8, interactive: true, label: "2 threshold folds");

        var (_, tower) = Fit(inputs, screen, batchSize: 4, bar);
        tower.Dispose();

        var text = screen.ToString();
        Assert.Contains("] 2 threshold folds loss", text, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/", text, StringComparison.Ordinal);
        Assert.Matches(@"\r +\rEpoch \d: \d+ of \d+ steps skipped", text);
    }

    [Fact]
    public void TwoEpochsWithoutOneFiniteStepAreAClearError()
    {
        var inputs = Inputs();
        foreach (var input in inputs)
        {
            Array.Fill(input, float.PositiveInfinity);
        }

        var error = Assert.Throws<InvalidOperationException>(() => Fit(inputs, TextWriter.Null, batchSize: 4).Tower.Dispose());

        Assert.Contains("non-finite", error.Message, StringComparison.Ordinal);
        Assert.Contains("by epoch 2", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static float[][] Inputs()
    {
        var random = new Random(5);
        return [.. Enumerable.Range(0, Identities * PerIdentity).Select(_ => Enumerable.Range(0, 28 * 28).Select(_ => (float)random.NextDouble()).ToArray())];
    }

    private (CheckpointState State, Tower Tower) Fit(float[][] inputs, TextWriter log, int batchSize, ProgressBar? progress = null)
    {
        // The conv tower: the baseline tower itself now and then gets NaN gradients from libtorch (trainer README), which
        // would make the count of skipped steps vary from run to run.
        var options = new TrainOptions
        {
            Tower = TowerKind.Conv,
            InputHeight = 28,
            InputWidth = 28,
            Epochs = 2,
            BatchSize = batchSize,
            PairsPerEpoch = 32,
            Patience = 0,
            Seed = 3,
            Output = directory,
        };
        var ids = Enumerable.Range(0, inputs.Length).Select(i => i / PerIdentity).ToArray();
        var train = Enumerable.Range(0, inputs.Length).ToArray();
        var pairs = new PairSampler(ids, train);
        var tower = TowerFactory.Create(options.ToTowerOptions());
        try
        {
            var state = new Training.Trainer(options, log).Fit(
                tower,
                inputs,
                random => TrainingBatch.FromPairs(pairs.Draw(options.PairsPerEpoch, random), options.BatchSize),
                validator: null,
                augmenter: null,
                new CheckpointStore(Path.Combine(directory, "checkpoints")),
                new CheckpointState { Epoch = 0, Options = options, Split = new IdentitySplit([], [], []), Pixels = new PixelStatistics(0f, 1f), History = [] },
                progress: progress);
            return (state, tower);
        }
        catch
        {
            tower.Dispose();
            throw;
        }
    }
}
