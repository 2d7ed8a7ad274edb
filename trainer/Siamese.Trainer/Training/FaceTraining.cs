using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using TorchSharp;

namespace Siamese.Trainer.Training;

/// <summary>
/// Training of the <see cref="FaceTower"/>: the closed-form fit of the patch maps on the training faces (with --mirror
/// also their mirror images) (<see cref="PatchTraining.FitOn(PatchWhitening, TowerOptions, IReadOnlyList{float[]}, IReadOnlyList{int}, int[], SceneBorders?, int, bool)"/>),
/// then the usual training loop (<see cref="Trainer"/>) with the options of <see cref="FaceTrainingSettings"/>. Without
/// validation identities the training identities are dealt into <see cref="Folds"/> folds, each fold scored after
/// every epoch (and before the first) by a tower fitted and trained the same way on the others: the pooled figures
/// choose how many epochs the final tower trains (<see cref="FoldEpochScores.Choose"/>; 0 keeps the closed-form fit,
/// so training never ends worse than its start on held-out identities) and the pooled impostor distances at that
/// epoch give the threshold — so every non-test identity trains the final tower and none of its threshold pairs.
/// With validation identities, the closed-form start competes with every trained epoch on them.
/// With a conv companion (<see cref="Towers.TowerOptions.ConvShare"/>) the epochs train the companion alone, with the
/// options a conv tower would get here, and the joined embedding is what the folds score after each epoch; the folds
/// then keep every epoch of the budget or none (<see cref="FoldEpochScores.ChooseAll"/>).
/// At the chosen epoch the folds' cohort-scaled scores (<see cref="FaceCohort"/>, each fold's own training people the
/// cohort) decide whether the model scales its embedding so (<see cref="ChooseCohort"/>); the threshold is then theirs.
/// </summary>
public sealed class FaceTraining(TrainOptions options, TextWriter log)
{
    /// <summary>Folds of the cross-validated threshold: each costs one more training, so fewer than the patch tower's.</summary>
    public const int Folds = 3;

    public CheckpointState Fit(
        FaceTower tower,
        IReadOnlyList<float[]> inputs,
        IReadOnlyList<int> identityOfImage,
        int[] trainImages,
        Validator? validator,
        SceneBorders? borders,
        Augmenter? augmenter,
        CheckpointStore store,
        CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Finished && state.Epoch == 0)
        {
            // A finished run whose folds chose the closed-form start: nothing was trained after it.
            tower.LoadWeights(store.BestWeightsPath);
            tower.eval();
            return state;
        }

        var train = options;
        if (state.Epoch == 0)
        {
            Start(tower, inputs, identityOfImage, trainImages, borders);
            if (validator is null)
            {
                // The folds' training counts as training time: a user waits for it.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var (scored, epochs, cohort, judged) = CrossValidate(tower, inputs, identityOfImage, trainImages, borders, augmenter, store, state);
                train = options with { Epochs = epochs, ScheduleEpochs = options.Epochs };
                state = state with { Options = train, Threshold = scored.Threshold, Calibration = scored.Basis, CohortNearest = cohort, Cohort = judged, TrainSeconds = state.TrainSeconds + clock.Elapsed.TotalSeconds };
            }
            else
            {
                // The closed-form start competes with the trained epochs on the validation identities.
                var start = validator.Score(tower);
                state = state with { BestEpoch = 0, BestScore = start.Score(options.Selection), Threshold = start.Threshold, Calibration = start.Basis };
                log.WriteLine($"Closed-form start on the validation identities: EER {start.Eer:P1}, AUC {start.Auc:F3}.");
            }

            store.SaveBest(tower);
            if (train.Epochs == 0)
            {
                return state with { Finished = true };
            }

            if (tower.Companion is not null)
            {
                // The closed-form start was the maps alone; the trained epochs are the joined embedding.
                tower.JoinCompanion();
            }
        }

        return new Trainer(train, log).Fit(tower, inputs, TrainingPipeline.BatchSource(train, identityOfImage, trainImages), validator, augmenter, store, state, borders);
    }

    /// <summary>The closed-form start: patch maps fitted on the images, their scene-bordered copies and their mirror images.</summary>
    private void Start(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, SceneBorders? borders) =>
        PatchTraining.FitOn(tower.Whitening, tower.Options, inputs, identityOfImage, images, borders, options.Seed, mirror: tower.Design.MirrorSum);

    /// <summary>
    /// The cohort of <paramref name="tower"/> (without a cohort of its own): its embeddings of the training images
    /// <paramref name="images"/>, by person (<see cref="FaceCohort"/>).
    /// </summary>
    public static FaceCohort? CohortOf(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, int nearest)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(images);
        if (tower.Cohort is not null)
        {
            throw new InvalidOperationException("The cohort is embedded by the tower without one.");
        }

        return FaceCohort.Of(new TowerEmbedder(tower).Embed([.. images.Select(i => inputs[i])]), [.. images.Select(i => identityOfImage[i])], nearest);
    }

    /// <returns>The pooled held-out figures at the chosen epoch (its threshold), the epochs chosen, the cohort's nearest people (0: none), and the figures the cohort scaling was judged on (null where it was not tried).</returns>
    private (ValidationResult Scored, int Epochs, int Cohort, CohortReport? Judged) CrossValidate(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] trainImages, SceneBorders? borders, Augmenter? augmenter, CheckpointStore store, CheckpointState state)
    {
        var identities = trainImages.Select(i => identityOfImage[i]).Distinct().Order().ToArray();
        var foldCount = Math.Min(Folds, identities.Length / 2);
        if (foldCount < 2)
        {
            throw new ArgumentException($"A cross-validated threshold needs at least 4 training identities (got {identities.Length}); pass --val-identities to hold some out instead.");
        }

        new Random(options.Seed).Shuffle(identities);
        // Made one after another, in fold order: each fold tower's first weights come from libtorch's global generator.
        var folds = new List<Fold>();
        try
        {
            for (var fold = 0; fold < foldCount; fold++)
            {
                var held = identities.Where((_, i) => i % foldCount == fold).ToHashSet();
                var fitImages = trainImages.Where(i => !held.Contains(identityOfImage[i])).ToArray();
                var scoredImages = trainImages.Where(i => held.Contains(identityOfImage[i])).ToArray();
                log.WriteLine($"Threshold fold {fold + 1}/{foldCount}: fit and train on {fitImages.Length} images, score {scoredImages.Length} images of {held.Count} identities after each epoch.");
                var current = new Fold(fold, new FaceTower(tower.Options, tower.Design), fitImages, scoredImages, [.. scoredImages.Select(i => identityOfImage[i])], options.Ways > 0 ? options.Ways : held.Count, identityOfImage, CohortPeople);
                folds.Add(current);
                Start(current.Tower, inputs, identityOfImage, fitImages, borders);
                current.Score(0, inputs, options.Seed);
                if (options.Epochs > 0 && current.Tower.Companion is not null)
                {
                    current.Tower.JoinCompanion();
                }
            }

            if (options.Epochs > 0)
            {
                TrainFolds(folds, inputs, identityOfImage, borders, augmenter, store, state);
            }

            var scores = new FoldEpochScores();
            var cohortScores = new FoldEpochScores();
            CalibrationBasis? basis = null;
            foreach (var fold in folds)
            {
                scores.Add(fold.Scores);
                cohortScores.Add(fold.CohortScores);
                var scoredBasis = CalibrationBasis.Of(fold.Labels, options.CalibrateFar, $"training identities, {foldCount}-fold cross-validated");
                basis = basis?.Plus(scoredBasis) ?? scoredBasis;
            }

            return Choose(tower, scores, cohortScores, basis!);
        }
        finally
        {
            folds.ForEach(f => f.Tower.Dispose());
        }
    }

    /// <summary>
    /// Trains the fold towers. Side by side where they draw no random numbers of their own in training (no dropout):
    /// each on its own thread with its share of libtorch's threads (one each on two cores), its own generator for the
    /// scene-border noise and one progress bar for all. Small towers leave a second libtorch thread half idle: on two
    /// cores the three folds of ORL seed 42 trained in 67 s side by side, where their epochs alone had taken 86 s one after another.
    /// </summary>
    private void TrainFolds(List<Fold> folds, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, SceneBorders? borders, Augmenter? augmenter, CheckpointStore store, CheckpointState state)
    {
        // One bar for all the folds' steps and a line per fold, not each fold's epoch lines (45 of them on three folds).
        var progress = ProgressBar.SharedOnConsole(folds.Count * Trainer.StepsPerEpoch(options) * options.Epochs, $"{folds.Count} folds");

        void Train(Fold fold, TextWriter writer, SideBySide? sideBySide)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var foldStore = new CheckpointStore(Path.Combine(store.Directory, $"fold{fold.Index + 1}"));
            new Trainer(options, writer).Fit(fold.Tower, inputs, TrainingPipeline.BatchSource(options, identityOfImage, fold.FitImages), null, augmenter, foldStore, state with { Epoch = 0, History = [] }, borders, epoch => fold.Score(epoch, inputs, options.Seed), sideBySide, progress);
            Directory.Delete(foldStore.Directory, recursive: true);
            progress.Interrupt(() => writer.WriteLine($"Threshold fold {fold.Index + 1}/{folds.Count}: trained in {clock.Elapsed.TotalSeconds:F1} s."));
        }

        var threads = torch.get_num_threads();
        if (!options.TrainSideBySide || folds.Count < 2 || folds.Any(f => f.Tower.modules().Any(m => m is TorchSharp.Modules.Dropout)))
        {
            try
            {
                folds.ForEach(f => Train(f, log, null));
            }
            finally
            {
                progress.Clear();
            }

            return;
        }

        var threadsEach = Math.Max(1, threads / folds.Count);
        log.WriteLine($"The {folds.Count} folds train side by side, {threadsEach} libtorch thread{(threadsEach == 1 ? "" : "s")} each.");
        var shared = TextWriter.Synchronized(log);
        try
        {
            var runs = folds.Select(fold => Task.Factory.StartNew(
                () =>
                {
                    torch.set_num_threads(threadsEach);
                    using var generator = new torch.Generator((ulong)options.Seed);
                    Train(fold, shared, new SideBySide(generator, progress));
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            Task.WaitAll(runs);
        }
        catch (AggregateException failed) when (failed.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
        }
        finally
        {
            progress.Clear();
            torch.set_num_threads(threads);
        }
    }

    /// <summary>The cohort's nearest people the folds try (<see cref="TrainOptions.CohortPeople"/>); 0: none.</summary>
    private int CohortPeople => options.CohortPeople ?? FaceCohort.DefaultNearest;

    private (ValidationResult Scored, int Epochs, int Cohort, CohortReport? Judged) Choose(FaceTower tower, FoldEpochScores scores, FoldEpochScores cohortScores, CalibrationBasis basis)
    {
        log.WriteLine("Held-out training identities, pooled over the folds, by epochs trained (0 = the closed-form start):");
        foreach (var line in scores.Table())
        {
            log.WriteLine(line);
        }

        var (epochs, reason) = tower.Companion is null ? scores.Choose() : scores.ChooseAll();
        var result = scores.Result(epochs, options.Margin, options.CalibrateFar) with { Basis = basis };
        log.WriteLine($"Epochs: {epochs} of {options.Epochs}: {reason}.");
        var cohort = 0;
        CohortReport? judged = null;
        if (cohortScores.Epochs.Contains(epochs))
        {
            var scaled = cohortScores.Result(epochs, options.Margin, options.CalibrateFar) with { Basis = basis with { Source = $"{basis.Source}, cohort-scaled" } };
            var (plainAccuracy, scaledAccuracy) = (scores.Accuracy(epochs), cohortScores.Accuracy(epochs));
            var chosen = ChooseCohort(result.Eer, plainAccuracy, scaled.Eer, scaledAccuracy);
            log.WriteLine($"Cohort scaling (each embedding divided by its mean distance to the {CohortPeople} nearest training people after the nearest; --cohort-people 0 never): " +
                $"held-out EER {scaled.Eer:P1} against {result.Eer:P1} without, one-shot {scaledAccuracy:P1} against {plainAccuracy:P1}: " +
                (chosen ? "kept, it lowers the EER and keeps the one-shot figure." : "left out, it does not lower the EER without lowering the one-shot figure."));
            judged = new CohortReport(CohortPeople, chosen, result.Eer, scaled.Eer, plainAccuracy, scaledAccuracy);
            if (chosen)
            {
                (result, cohort) = (scaled, CohortPeople);
            }
        }

        log.WriteLine($"Cross-validated over the training identities: EER {result.Eer:P1}, AUC {result.Auc:F3} (the figure to expect on new identities).");
        return (result, epochs, cohort, judged);
    }

    /// <summary>Cohort scaling is kept where the folds' pooled EER falls with it and their one-shot accuracy does not.</summary>
    public static bool ChooseCohort(double plainEer, double plainAccuracy, double scaledEer, double scaledAccuracy) =>
        scaledEer < plainEer && scaledAccuracy >= plainAccuracy;

    /// <summary>
    /// A threshold fold: its tower, the images it trains on, the held-out images it scores and their scores, plain and
    /// (with <paramref name="CohortPeople"/> &gt; 0) cohort-scaled, the cohort being the fold's own training people.
    /// </summary>
    private sealed record Fold(int Index, FaceTower Tower, int[] FitImages, int[] ScoredImages, int[] Labels, int Ways, IReadOnlyList<int> IdentityOfImage, int CohortPeople)
    {
        public FoldEpochScores Scores { get; } = new();

        public FoldEpochScores CohortScores { get; } = new();

        public void Score(int epoch, IReadOnlyList<float[]> inputs, int seed)
        {
            var scored = new TowerEmbedder(Tower).Embed([.. ScoredImages.Select(i => inputs[i])]);
            Scores.Add(epoch, scored, Labels, Ways, Index, seed);
            if (CohortPeople > 0)
            {
                using var cohort = CohortOf(Tower, inputs, IdentityOfImage, FitImages, CohortPeople);
                if (cohort is not null)
                {
                    CohortScores.Add(epoch, cohort.Apply(scored), Labels, Ways, Index, seed);
                }
            }
        }
    }
}
