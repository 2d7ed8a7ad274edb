using System.Diagnostics;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;
using TrainingLoop = Siamese.Trainer.Training.Trainer;

namespace Siamese.Benchmarks;

/// <summary>
/// The trainer's training pairs/s (<see cref="TrainingLoop.Fit"/> as <c>train</c> runs it: pairs drawn per epoch,
/// batches gathered and augmented, forward, contrastive loss, backward, Adam, checkpoints each epoch) beside a raw
/// TorchSharp step of the same tower on one fixed batch of the same size (forward, loss, backward, Adam step, and
/// nothing else), in alternating rounds. Gradient-trained towers only: the patch tower is fitted in closed form.
/// </summary>
public sealed class TrainerThroughputBenchmark : IBenchmark
{
    public string Name => "trainer-throughput";

    public IReadOnlyList<string> Options => ["--tower", "--epochs", "--rounds"];


    public string Description => "Trainer pairs/s vs a raw TorchSharp forward+backward+step of the same tower and batch (--tower conv[,baseline], --epochs E, --rounds R).";

    public Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var towers = ServingArgs.EnumList<TowerKind>(args, "--tower", "conv");
        var epochs = ServingArgs.Int(args, "--epochs", 2);
        var rounds = ServingArgs.Int(args, "--rounds", 2);
        if (towers.Contains(TowerKind.Patch))
        {
            throw new ArgumentException("The patch tower is fitted in closed form (no gradient steps): measure conv or baseline.");
        }

        torch.set_num_threads(Environment.ProcessorCount);
        var options = new TrainOptions { Epochs = epochs, Patience = 0 };
        var data = TrainerWorkload.Load(options.InputHeight, options.InputWidth);
        var runs = towers.Select(kind => Measure(options with { Tower = kind }, data, rounds)).ToList();
        return Task.FromResult<object>(new
        {
            Data = data.Description,
            Input = $"1x{options.InputHeight}x{options.InputWidth}",
            TorchThreads = torch.get_num_threads(),
            options.BatchSize,
            options.PairsPerEpoch,
            Epochs = epochs,
            Rounds = rounds,
            Augment = options.Augment,
            Optimizer = options.Optimizer.ToString().ToLowerInvariant(),
            Trainer = "Trainer.Fit: pairs drawn per epoch, batches gathered and augmented, forward, contrastive loss, backward, optimiser step, checkpoint each epoch (no validation set)",
            Raw = "the same tower, optimiser and batch size: forward + contrastive loss + backward + optimiser step on one fixed batch, in a dispose scope",
            TargetRatio = 0.7,
            Runs = runs,
        });
    }

    private static TowerRun Measure(TrainOptions options, TrainerWorkload data, int rounds)
    {
        double trainerSeconds = 0, rawSeconds = 0, trainerCpu = 0, rawCpu = 0;
        long trainerPairs = 0, rawPairs = 0;
        var steps = options.Epochs * TrainingLoop.StepsPerEpoch(options);

        // Unmeasured steps first: TorchSharp's kernels and the JIT warm up on them.
        RunRaw(options, data, 3);
        for (var round = 0; round < rounds; round++)
        {
            var (seconds, cpu) = Timed(() => RunTrainer(options, data));
            var (rawS, rawC) = Timed(() => RunRaw(options, data, steps));
            trainerSeconds += seconds;
            trainerCpu += cpu;
            trainerPairs += (long)options.Epochs * options.PairsPerEpoch;
            rawSeconds += rawS;
            rawCpu += rawC;
            rawPairs += (long)steps * options.BatchSize;
        }

        var trainerRate = trainerPairs / trainerSeconds;
        var rawRate = rawPairs / rawSeconds;
        Console.WriteLine($"{options.Tower}: trainer {trainerRate:F0} pairs/s, raw step {rawRate:F0} pairs/s, ratio {trainerRate / rawRate:F2}");
        return new TowerRun(
            options.Tower.ToString().ToLowerInvariant(), Math.Round(trainerRate, 1), Math.Round(rawRate, 1), Math.Round(trainerRate / rawRate, 3),
            Math.Round(trainerPairs / trainerCpu, 1), Math.Round(rawPairs / rawCpu, 1), Math.Round(trainerPairs / trainerCpu / (rawPairs / rawCpu), 3));
    }

    private static void RunTrainer(TrainOptions options, TrainerWorkload data)
    {
        var output = Directory.CreateTempSubdirectory("siamese-trainer-throughput-");
        try
        {
            torch.manual_seed(options.Seed);
            using var tower = TowerFactory.Create(options.ToTowerOptions());
            var pairs = new PairSampler(data.Identities, Enumerable.Range(0, data.Inputs.Count));
            var augmenter = options.Augment ? new Augmenter(options.Augmentation, data.Pixels) : null;
            var state = new CheckpointState { Epoch = 0, Options = options, Split = new IdentitySplit([], [], []), Pixels = data.Pixels, History = [] };
            new TrainingLoop(options, TextWriter.Null).Fit(
                tower, data.Inputs, random => TrainingBatch.FromPairs(pairs.Draw(options.PairsPerEpoch, random), options.BatchSize),
                null, augmenter, new CheckpointStore(output.FullName), state);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static void RunRaw(TrainOptions options, TrainerWorkload data, int steps)
    {
        torch.manual_seed(options.Seed);
        using var tower = TowerFactory.Create(options.ToTowerOptions());
        using var optimizer = OptimizerFactory.Create(options.Optimizer, tower, options.LearningRate, options.WeightDecay);
        var batch = TrainingBatch.FromPairs(new PairSampler(data.Identities, Enumerable.Range(0, data.Inputs.Count)).Draw(options.BatchSize, new Random(1)), options.BatchSize)[0];
        using var x = tensor(batch.Images.SelectMany(i => data.Inputs[(int)i]).ToArray(), [batch.Images.Length, 1, options.InputHeight, options.InputWidth]);
        using var genuine = tensor(batch.Genuine!);
        var half = batch.Genuine!.Length;
        tower.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var embeddings = tower.call(x);
            var loss = ContrastiveLoss.Compute(ContrastiveLoss.Distance(embeddings.narrow(0, 0, half), embeddings.narrow(0, half, half)), genuine, options.Margin);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
        }
    }

    private static (double Seconds, double CpuSeconds) Timed(Action action)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private sealed record TowerRun(
        string Tower, double TrainerPairsPerS, double RawPairsPerS, double Ratio,
        double TrainerPairsPerCpuS, double RawPairsPerCpuS, double CpuRatio);
}
