using System.Diagnostics;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// The training loop: pairs drawn per epoch, one forward pass per batch over both sides (so BatchNorm sees them
/// together), contrastive loss, per-epoch learning rate, validation, early stopping, checkpoints. Ends with the
/// best validation weights loaded into the tower.
/// </summary>
public sealed class Trainer(TrainOptions options, TextWriter log)
{
    /// <summary>Seeds of epoch <paramref name="epoch"/>: depend only on (seed, epoch), so a resumed run repeats exactly.</summary>
    public static Random EpochRandom(int seed, int epoch) => new(unchecked((seed * 1_000_003) + epoch));

    /// <param name="afterEpoch">Called with the number of epochs done after each epoch's checkpoint.</param>
    /// <param name="sideBySide">For a fit running beside others: its random numbers and the shared progress bar.</param>
    /// <param name="progress">
    /// A bar shared with the fits before and after this one (threshold folds trained one after another): it counts them
    /// all and writes no epoch lines. Without it (and <paramref name="sideBySide"/>) the fit draws its own bar.
    /// </param>
    public CheckpointState Fit(
        Tower tower,
        IReadOnlyList<float[]> inputs,
        Func<Random, TrainingBatch[]> drawBatches,
        Validator? validator,
        Augmenter? augmenter,
        CheckpointStore store,
        CheckpointState state,
        SceneBorders? borders = null,
        Action<int>? afterEpoch = null,
        SideBySide? sideBySide = null,
        ProgressBar? progress = null)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(drawBatches);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);

        // Each step copies its own images into libtorch's memory (Rows): a copy of every input for the whole fit was a
        // second copy of the data (0.71 GiB of the grocery photos' backbone features), held beside the managed one.
        CheckSizes(inputs, tower.Options);
        using var optimizer = OptimizerFactory.Create(options.Optimizer, tower, options.LearningRate, options.WeightDecay);
        if (state.Epoch > 0)
        {
            tower.LoadWeights(Path.Combine(store.Directory, state.Weights));
            optimizer.load_state_dict(Path.Combine(store.Directory, state.OptimizerState));
            log.WriteLine($"Resuming after epoch {state.Epoch} of {options.Epochs} (best so far: epoch {state.BestEpoch}).");
        }

        var steps = StepsPerEpoch(options);
        progress = sideBySide?.Progress ?? progress ?? ProgressBar.ForConsole(steps * Math.Max(0, options.Epochs - state.Epoch));
        var history = state.History.ToList();
        var stepsTaken = 0;
        for (var epoch = state.Epoch; epoch < options.Epochs && !state.Finished; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var random = EpochRandom(options.Seed, epoch);
            if (sideBySide is null)
            {
                manual_seed(options.Seed + epoch);
            }
            else
            {
                sideBySide.Generator.manual_seed(options.Seed + epoch);
            }

            var learningRate = LearningRateSchedule.At(epoch, options.ScheduleEpochs ?? options.Epochs, options.LearningRate);
            OptimizerFactory.SetLearningRate(optimizer, learningRate);

            var batches = drawBatches(random);
            var (trainLoss, skipped) = RunEpoch(tower, optimizer, inputs, batches, augmenter, borders, random, progress, epoch, sideBySide?.Generator);
            stepsTaken += batches.Length - skipped;
            if (stepsTaken == 0 && epoch + 1 >= Math.Min(options.Epochs, state.Epoch + 2))
            {
                // One epoch of nothing but skipped steps can be libtorch's own NaNs (RunEpoch); two, or a whole run, is the data.
                throw new InvalidOperationException(
                    $"Training failed by epoch {epoch + 1}: every step gave a non-finite loss or gradient, so no step was taken. Check the data (an image that decodes to NaN or infinite pixels) and the learning rate (--lr).");
            }

            var validation = validator?.Score(tower);
            var record = new EpochRecord(epoch + 1, learningRate, trainLoss, validation?.Loss, validation?.Eer, validation?.Auc, clock.Elapsed.TotalSeconds);
            history.Add(record);
            progress.EndEpoch(record, options.Epochs);
            if (skipped > 0)
            {
                progress.Interrupt(() => log.WriteLine($"Epoch {epoch + 1}: {skipped} of {batches.Length} steps skipped, their loss or gradients not finite (the weights kept as they were before each)."));
            }

            var improved = validation is null || options.Selection == SelectionKind.Last || validation.Score(options.Selection) < state.BestScore;
            if (improved)
            {
                store.SaveBest(tower);
            }

            var sinceBest = improved ? 0 : state.EpochsSinceBest + 1;
            var stop = options.Patience > 0 && sinceBest >= options.Patience;
            // Another epoch as long as this one would overrun the time budget: stop here, keeping the best epoch so far.
            var outOfTime = !stop && epoch + 1 < options.Epochs && options.MaxTrainMinutes is { } minutes
                && state.TrainSeconds + (2 * clock.Elapsed.TotalSeconds) > minutes * 60;
            stop |= outOfTime;
            state = state with
            {
                Epoch = epoch + 1,
                History = history,
                BestEpoch = improved ? epoch + 1 : state.BestEpoch,
                BestScore = improved ? validation?.Score(options.Selection) ?? double.PositiveInfinity : state.BestScore,
                Threshold = improved && validation is not null ? validation.Threshold : state.Threshold,
                Calibration = improved && validation is not null ? validation.Basis : state.Calibration,
                EpochsSinceBest = sinceBest,
                TrainSeconds = state.TrainSeconds + clock.Elapsed.TotalSeconds,
                Finished = stop || epoch + 1 == options.Epochs,
            };
            state = store.Save(state, tower, optimizer);
            afterEpoch?.Invoke(epoch + 1);
            if (outOfTime)
            {
                progress.Interrupt(() => log.WriteLine($"Time budget: another epoch would pass --max-minutes {options.MaxTrainMinutes:G3}; stopped after epoch {epoch + 1} of {options.Epochs} (best: epoch {state.BestEpoch})."));
                progress.Skip(steps * (options.Epochs - epoch - 1));
            }
            else if (stop)
            {
                progress.Interrupt(() => log.WriteLine($"Early stop: validation loss has not improved for {sinceBest} epochs (best: epoch {state.BestEpoch})."));
                progress.Skip(steps * (options.Epochs - epoch - 1));
            }
        }

        tower.LoadWeights(store.BestWeightsPath);
        tower.eval();
        return state;
    }

    /// <summary>
    /// Optimiser steps per epoch: one per <see cref="TrainOptions.BatchSize"/> pairs of the epoch's pairs; with
    /// <c>--pairs batch</c>, as many steps of <see cref="StepImages"/> as make 2·<see cref="TrainOptions.PairsPerEpoch"/>
    /// images (the same count at K = 4).
    /// </summary>
    public static int StepsPerEpoch(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pairs != PairScheme.Batch)
        {
            return (options.PairsPerEpoch + options.BatchSize - 1) / options.BatchSize;
        }

        var images = 2L * options.PairsPerEpoch;
        var step = StepImages(options);
        return (int)((images + step - 1) / step);
    }

    /// <summary>Images of a <c>--pairs batch</c> step: <see cref="TrainOptions.BatchSize"/>/2 identities × K (2·BatchSize at K = 4).</summary>
    internal static int StepImages(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return checked((int)((long)options.BatchSize * options.StepImagesPerIdentity / 2));
    }

    /// <summary>
    /// One pass over the epoch's steps; returns the mean loss of the steps taken and how many were skipped. A step whose
    /// loss or gradients are not finite is skipped, not applied: one such step would make every weight NaN for good.
    /// Seen with the baseline tower on Omniglot, where libtorch's CPU backward pass gave the first layer NaN gradients
    /// now and then from finite inputs, loss and weights.
    /// </summary>
    private (double Loss, int Skipped) RunEpoch(Tower tower, TorchSharp.Modules.OptimizerHelper optimizer, IReadOnlyList<float[]> inputs, TrainingBatch[] batches, Augmenter? augmenter, SceneBorders? borders, Random random, ProgressBar progress, int epoch, Generator? generator)
    {
        tower.train();
        var ensemble = options.TrainSideBySide ? MembersSideBySide(tower) : null;
        // Only a side-by-side step changes libtorch's thread count (setting it also clears oneDNN's cached kernels).
        var threads = ensemble is null ? 0 : get_num_threads();
        var threadsEach = ensemble is null ? 0 : Math.Max(1, threads / ensemble.Members.Count);
        double lossSum = 0;
        var steps = 0;
        var skipped = 0;
        try
        {
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var x = Rows(inputs, batch.Images, tower.Options);
                if (borders is not null)
                {
                    x = borders.Apply(x, tensor(batch.Images), random, generator: generator);
                }

                if (augmenter is not null)
                {
                    x = augmenter.Apply(x, random);
                }

                // An ensemble tower trains each member on a loss of its own (their mean): members share no weights.
                var targets = Targets(batch);
                optimizer.zero_grad();
                var value = ensemble is null ? Backward(tower, x, targets) : BackwardSideBySide(ensemble, x, targets, threadsEach);
                if (!float.IsFinite(value) || !FiniteGradients(tower))
                {
                    skipped++;
                    progress.Step(epoch + 1, options.Epochs, float.NaN);
                    continue;
                }

                optimizer.step();
                lossSum += value;
                steps++;
                progress.Step(epoch + 1, options.Epochs, value);
            }
        }
        finally
        {
            if (ensemble is not null)
            {
                set_num_threads(threads);
            }
        }

        return (steps == 0 ? double.NaN : lossSum / steps, skipped);
    }

    /// <summary>The step's loss (the members' mean) after its backward pass through the whole tower.</summary>
    internal float Backward(Tower tower, Tensor x, (Tensor? Genuine, Tensor? Identities) targets)
    {
        var memberLosses = MemberConcat.MemberChunks(tower.call(x), tower.Members).Select(member => Loss(member, targets)).ToArray();
        var loss = memberLosses.Length == 1 ? memberLosses[0] : stack(memberLosses).mean();
        loss.backward();
        return loss.item<float>();
    }

    /// <summary>
    /// The same step with each member's forward and backward pass on a thread of its own (<paramref name="threadsEach"/>
    /// libtorch threads each): the same operations on the same values as <see cref="Backward"/> (the member's part of
    /// the scaled concatenation, its loss over M), so the same gradients at the same libtorch thread count (on an AVX-512
    /// CPU one thread and two round apart by ~1e-6). A small tower leaves a second libtorch thread
    /// half idle: in paired runs on two cores, two members side by side trained in 0.74–0.86× the time (trainer README).
    /// </summary>
    internal float BackwardSideBySide(MemberConcat ensemble, Tensor x, (Tensor? Genuine, Tensor? Identities) targets, int threadsEach)
    {
        var members = ensemble.Members;
        var unscale = MemberConcat.Unscale(members.Count);
        var losses = new float[members.Count];
        Parallel.For(0, members.Count, new ParallelOptions { MaxDegreeOfParallelism = members.Count }, m =>
        {
            set_num_threads(threadsEach);
            using var scope = NewDisposeScope();
            var loss = Loss(members[m].call(x).Times(ensemble.Scale).Times(unscale), targets);
            loss.DividedBy(members.Count).backward();
            losses[m] = loss.item<float>();
        });
        using var values = tensor(losses);
        return values.mean().item<float>();
    }

    /// <summary>
    /// The ensemble of a conv tower whose members can train side by side (more than one, and at least one core each);
    /// otherwise null, and the step runs through the whole tower.
    /// </summary>
    private static MemberConcat? MembersSideBySide(Tower tower) =>
        tower is ConvTower && tower.Members > 1 && Environment.ProcessorCount >= tower.Members
            ? tower.Layers.modules().OfType<MemberConcat>().Single()
            : null;

    /// <summary>A step's targets as tensors, made once and shared by every member's loss.</summary>
    private static (Tensor? Genuine, Tensor? Identities) Targets(TrainingBatch batch) =>
        batch.Genuine is { } genuine ? (tensor(genuine), null) : (null, tensor(batch.Identities!));

    private Tensor Loss(Tensor embeddings, (Tensor? Genuine, Tensor? Identities) targets)
    {
        if (targets.Genuine is { } genuine)
        {
            var half = genuine.shape[0];
            var distance = ContrastiveLoss.Distance(embeddings.narrow(0, 0, half), embeddings.narrow(0, half, half));
            return ContrastiveLoss.Compute(distance, genuine, options.Margin);
        }

        var identities = targets.Identities!;
        return options.Loss switch
        {
            LossKind.SupCon => ContrastiveLoss.SupervisedContrastive(embeddings, identities, options.Temperature),
            LossKind.MultiSimilarity => ContrastiveLoss.MultiSimilarity(embeddings, identities),
            _ => ContrastiveLoss.AllPairs(embeddings, identities, options.Margin, options.PositiveMargin),
        };
    }

    /// <summary>Whether every gradient of the tower is finite (libtorch's CPU backward can give NaN from finite inputs and weights).</summary>
    internal static bool FiniteGradients(Tower tower)
    {
        foreach (var parameter in tower.parameters())
        {
            var grad = parameter.grad;
            if (grad is not null && !grad.isfinite().all().item<bool>())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Inputs as one [N,C,H,W] tensor (the patch fit's, which reads them all at once), each input copied straight into
    /// its row of libtorch's memory, no managed array of them all between.
    /// </summary>
    internal static Tensor Stack(IReadOnlyList<float[]> inputs, TowerOptions shape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Filled(inputs.Count, k => k, inputs, shape);
    }

    /// <summary>The inputs <paramref name="indices"/>, in that order (repeats too), as one new [rows,C,H,W] tensor: one step's images.</summary>
    internal static Tensor Rows(IReadOnlyList<float[]> inputs, long[] indices, TowerOptions shape)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return Filled(indices.Length, k => (int)indices[k], inputs, shape);
    }

    /// <summary>A new [rows,C,H,W] tensor whose row k is input <paramref name="inputOfRow"/>(k).</summary>
    private static Tensor Filled(int rows, Func<int, int> inputOfRow, IReadOnlyList<float[]> inputs, TowerOptions shape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shape);
        var result = empty([rows, shape.Channels, shape.InputHeight, shape.InputWidth], ScalarType.Float32);
        try
        {
            CopyRows(result, inputOfRow, inputs);
            return result;
        }
        catch
        {
            // An input of another size: its tensor is released now, not by a finalizer.
            result.Dispose();
            throw;
        }
    }

    /// <summary>Every input holds the tower's C·H·W values, or the fit stops before its first step with the first that does not.</summary>
    internal static void CheckSizes(IReadOnlyList<float[]> inputs, TowerOptions shape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(shape);
        var plane = (long)shape.Channels * shape.InputHeight * shape.InputWidth;
        for (var i = 0; i < inputs.Count; i++)
        {
            CheckSize(inputs[i], i, plane, nameof(inputs));
        }
    }

    /// <summary>
    /// Copies inputs <paramref name="start"/>, <paramref name="start"/> + 1, … into the rows of <paramref name="target"/>
    /// (a contiguous float tensor [rows, ...]), one memory copy each, no managed buffer between.
    /// </summary>
    internal static void CopyRows(Tensor target, IReadOnlyList<float[]> inputs, int start)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(inputs);
        CopyRows(target, k => start + k, inputs);
    }

    /// <summary>Row k of <paramref name="target"/> gets input <paramref name="inputOfRow"/>(k).</summary>
    private static void CopyRows(Tensor target, Func<int, int> inputOfRow, IReadOnlyList<float[]> inputs)
    {
        var rows = (int)target.shape[0];
        var plane = rows == 0 ? 0 : target.numel() / rows;
        for (var k = 0; k < rows; k++)
        {
            var index = inputOfRow(k);
            var input = inputs[index];
            CheckSize(input, index, plane, nameof(inputs));
            using var row = target[k];
            row.bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(input.AsSpan());
        }
    }

    private static void CheckSize(float[] input, int index, long plane, string paramName)
    {
        if (input.Length != plane)
        {
            throw new ArgumentException($"Input {index} holds {input.Length} values, not the tower's {plane}.", paramName);
        }
    }
}
