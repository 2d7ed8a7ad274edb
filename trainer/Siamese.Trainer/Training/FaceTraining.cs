using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Towers;

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
                var (scored, epochs) = CrossValidate(tower, inputs, identityOfImage, trainImages, borders, augmenter, store, state);
                train = options with { Epochs = epochs, ScheduleEpochs = options.Epochs };
                state = state with { Options = train, Threshold = scored.Threshold, Calibration = scored.Basis, TrainSeconds = state.TrainSeconds + clock.Elapsed.TotalSeconds };
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

    /// <returns>The pooled held-out figures at the chosen epoch (its threshold) and the epochs chosen.</returns>
    private (ValidationResult Scored, int Epochs) CrossValidate(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] trainImages, SceneBorders? borders, Augmenter? augmenter, CheckpointStore store, CheckpointState state)
    {
        var identities = trainImages.Select(i => identityOfImage[i]).Distinct().Order().ToArray();
        var foldCount = Math.Min(Folds, identities.Length / 2);
        if (foldCount < 2)
        {
            throw new ArgumentException($"A cross-validated threshold needs at least 4 training identities (got {identities.Length}); pass --val-identities to hold some out instead.");
        }

        new Random(options.Seed).Shuffle(identities);
        var scores = new FoldEpochScores();
        CalibrationBasis? basis = null;
        for (var fold = 0; fold < foldCount; fold++)
        {
            var held = identities.Where((_, i) => i % foldCount == fold).ToHashSet();
            var fitImages = trainImages.Where(i => !held.Contains(identityOfImage[i])).ToArray();
            var scoredImages = trainImages.Where(i => held.Contains(identityOfImage[i])).ToArray();
            var labels = scoredImages.Select(i => identityOfImage[i]).ToArray();
            log.WriteLine($"Threshold fold {fold + 1}/{foldCount}: fit and train on {fitImages.Length} images, score {scoredImages.Length} images of {held.Count} identities after each epoch.");
            using var foldTower = new FaceTower(tower.Options, tower.Design);
            var ways = options.Ways > 0 ? options.Ways : held.Count;
            var foldIndex = fold;
            void Score(int epoch) => scores.Add(epoch, new TowerEmbedder(foldTower).Embed([.. scoredImages.Select(i => inputs[i])]), labels, ways, foldIndex, options.Seed);

            Start(foldTower, inputs, identityOfImage, fitImages, borders);
            Score(0);
            if (options.Epochs > 0)
            {
                if (foldTower.Companion is not null)
                {
                    foldTower.JoinCompanion();
                }

                var foldStore = new CheckpointStore(Path.Combine(store.Directory, $"fold{fold + 1}"));
                new Trainer(options, log).Fit(foldTower, inputs, TrainingPipeline.BatchSource(options, identityOfImage, fitImages), null, augmenter, foldStore, state with { Epoch = 0, History = [] }, borders, Score);
                Directory.Delete(foldStore.Directory, recursive: true);
            }

            var scoredBasis = CalibrationBasis.Of(labels, options.CalibrateFar, $"training identities, {foldCount}-fold cross-validated");
            basis = basis?.Plus(scoredBasis) ?? scoredBasis;
        }

        log.WriteLine("Held-out training identities, pooled over the folds, by epochs trained (0 = the closed-form start):");
        foreach (var line in scores.Table())
        {
            log.WriteLine(line);
        }

        var (epochs, reason) = tower.Companion is null ? scores.Choose() : scores.ChooseAll();
        var result = scores.Result(epochs, options.Margin, options.CalibrateFar) with { Basis = basis };
        log.WriteLine($"Epochs: {epochs} of {options.Epochs}: {reason}.");
        log.WriteLine($"Cross-validated over the training identities: EER {result.Eer:P1}, AUC {result.Auc:F3} (the figure to expect on new identities).");
        return (result, epochs);
    }
}
