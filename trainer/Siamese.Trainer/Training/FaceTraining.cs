using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>
/// Training of the <see cref="FaceTower"/>: the closed-form fit of the patch maps on the training faces and their
/// mirror images (<see cref="PatchTraining.FitOn(PatchWhitening, TowerOptions, IReadOnlyList{float[]}, IReadOnlyList{int}, int[], SceneBorders?, int, bool)"/>),
/// then the usual training loop (<see cref="Trainer"/>) with the options of <see cref="FaceTrainingSettings"/>. Without
/// validation identities the threshold is cross-validated: the training identities are dealt into
/// <see cref="Folds"/> folds, each fold scored by a tower fitted and trained the same way on the others, and the
/// pooled impostor distances give the threshold — so every non-test identity trains the final tower.
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
        if (state.Epoch == 0)
        {
            if (validator is null)
            {
                // The folds' training counts as training time: a user waits for it.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var scored = CrossValidate(tower, inputs, identityOfImage, trainImages, borders, augmenter, store, state);
                state = state with { Threshold = scored.Threshold, Calibration = scored.Basis, TrainSeconds = state.TrainSeconds + clock.Elapsed.TotalSeconds };
            }

            Start(tower, inputs, identityOfImage, trainImages, borders);
        }

        return Train(tower, inputs, identityOfImage, trainImages, validator, borders, augmenter, store, state);
    }

    /// <summary>The closed-form start: patch maps fitted on the images, their scene-bordered copies and their mirror images.</summary>
    private void Start(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, SceneBorders? borders) =>
        PatchTraining.FitOn(tower.Whitening, tower.Options, inputs, identityOfImage, images, borders, options.Seed, mirror: tower.Design.MirrorSum);

    private CheckpointState Train(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, Validator? validator, SceneBorders? borders, Augmenter? augmenter, CheckpointStore store, CheckpointState state) =>
        new Trainer(options, log).Fit(tower, inputs, TrainingPipeline.BatchSource(options, identityOfImage, images), validator, augmenter, store, state, borders);

    private ValidationResult CrossValidate(FaceTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] trainImages, SceneBorders? borders, Augmenter? augmenter, CheckpointStore store, CheckpointState state)
    {
        var identities = trainImages.Select(i => identityOfImage[i]).Distinct().Order().ToArray();
        var foldCount = Math.Min(Folds, identities.Length / 2);
        if (foldCount < 2)
        {
            throw new ArgumentException($"A cross-validated threshold needs at least 4 training identities (got {identities.Length}); pass --val-identities to hold some out instead.");
        }

        new Random(options.Seed).Shuffle(identities);
        var genuine = new List<float>();
        var impostor = new List<float>();
        CalibrationBasis? basis = null;
        for (var fold = 0; fold < foldCount; fold++)
        {
            var held = identities.Where((_, i) => i % foldCount == fold).ToHashSet();
            var fitImages = trainImages.Where(i => !held.Contains(identityOfImage[i])).ToArray();
            var scoredImages = trainImages.Where(i => held.Contains(identityOfImage[i])).ToArray();
            log.WriteLine($"Threshold fold {fold + 1}/{foldCount}: fit and train on {fitImages.Length} images, score {scoredImages.Length} images of {held.Count} identities.");
            using var foldTower = new FaceTower(tower.Options, tower.Design);
            Start(foldTower, inputs, identityOfImage, fitImages, borders);
            var foldStore = new CheckpointStore(Path.Combine(store.Directory, $"fold{fold + 1}"));
            Train(foldTower, inputs, identityOfImage, fitImages, null, borders, augmenter, foldStore, state with { Epoch = 0, History = [] });
            Directory.Delete(foldStore.Directory, recursive: true);

            var embeddings = new TowerEmbedder(foldTower).Embed([.. scoredImages.Select(i => inputs[i])]);
            var labels = scoredImages.Select(i => identityOfImage[i]).ToArray();
            var (g, im) = Distances.AllPairs(embeddings, labels, Enumerable.Range(0, scoredImages.Length).ToArray());
            genuine.AddRange(g);
            impostor.AddRange(im);
            var scoredBasis = CalibrationBasis.Of(labels, options.CalibrateFar, $"training identities, {foldCount}-fold cross-validated");
            basis = basis?.Plus(scoredBasis) ?? scoredBasis;
        }

        var result = ValidationResult.Of(genuine, impostor, options.Margin, options.CalibrateFar) with { Basis = basis };
        log.WriteLine($"Cross-validated over the training identities: EER {result.Eer:P1}, AUC {result.Auc:F3} (the figure to expect on new identities).");
        return result;
    }
}
