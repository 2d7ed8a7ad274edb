using System.Diagnostics;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// Training of the <see cref="PatchTower"/>: a closed-form fit (<see cref="PatchFit"/>) on the training identities,
/// recorded as one "epoch" in the checkpoint. The calibration threshold comes from validation identities when the
/// split has them; otherwise (the patch tower's default) from cross-validation: the training identities are dealt
/// into folds, each fold is scored by a fit on the others, and the pooled impostor distances of every fold give the
/// threshold — so all non-test identities train the final model and none of its threshold pairs were fitted on.
/// </summary>
public sealed class PatchTraining(TrainOptions options, TextWriter log)
{
    /// <summary>Folds of the cross-validated threshold (fewer when there are fewer than 12 training identities).</summary>
    public const int Folds = 6;

    /// <param name="validator">Scores validation identities; null when the split has none (then cross-validation).</param>
    public CheckpointState Fit(PatchTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] trainImages, Validator? validator, SceneBorders? borders, CheckpointStore store, CheckpointState state)
    {
        ArgumentNullException.ThrowIfNull(tower);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(state);
        var clock = Stopwatch.StartNew();
        ValidationResult scored;
        string source;
        if (validator is not null)
        {
            FitOn(tower, inputs, identityOfImage, trainImages, borders, options.Seed);
            scored = validator.Score(tower);
            source = "validation identities";
        }
        else
        {
            scored = CrossValidate(tower, inputs, identityOfImage, trainImages, borders, out var folds);
            FitOn(tower, inputs, identityOfImage, trainImages, borders, options.Seed);
            source = $"{folds}-fold cross-validation over the training identities";
        }

        var seconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"Patch tower fitted in closed form on {trainImages.Length} images of {trainImages.Select(i => identityOfImage[i]).Distinct().Count()} identities{(borders is null ? "" : " (each also with scene borders)")}; " +
            $"{source}: EER {scored.Eer:P1}, AUC {scored.Auc:F3}, threshold {scored.Threshold:F4} at FAR {options.CalibrateFar:G3}.");
        store.SaveBest(tower);
        var record = new EpochRecord(1, 0, double.NaN, scored.Loss, scored.Eer, scored.Auc, seconds);
        return state with
        {
            Epoch = 1,
            History = [record],
            BestEpoch = 1,
            BestScore = scored.Score(options.Selection),
            Threshold = scored.Threshold,
            Calibration = scored.Basis,
            TrainSeconds = seconds,
            Finished = true,
        };
    }

    private ValidationResult CrossValidate(PatchTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] trainImages, SceneBorders? borders, out int folds)
    {
        var identities = trainImages.Select(i => identityOfImage[i]).Distinct().Order().ToArray();
        var foldCount = Math.Min(Folds, identities.Length / 2);
        folds = foldCount;
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
            FitOn(tower, inputs, identityOfImage, [.. trainImages.Where(i => !held.Contains(identityOfImage[i]))], borders, options.Seed);
            var scoredImages = trainImages.Where(i => held.Contains(identityOfImage[i])).ToArray();
            var embeddings = new TowerEmbedder(tower).Embed([.. scoredImages.Select(i => inputs[i])]);
            var (g, im) = Distances.AllPairs(embeddings, [.. scoredImages.Select(i => identityOfImage[i])], Enumerable.Range(0, scoredImages.Length).ToArray());
            genuine.AddRange(g);
            impostor.AddRange(im);
            var scoredBasis = CalibrationBasis.Of(scoredImages.Select(i => identityOfImage[i]), options.CalibrateFar, $"training identities, {foldCount}-fold cross-validated");
            basis = basis?.Plus(scoredBasis) ?? scoredBasis;
        }

        return ValidationResult.Of(genuine, impostor, options.Margin, options.CalibrateFar) with { Basis = basis };
    }

    /// <summary>Fits on these images; with scene borders, each image a second time with its outside pixels replaced (scene drawn from <paramref name="seed"/>).</summary>
    public static void FitOn(PatchTower tower, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, SceneBorders? borders = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(tower);
        FitOn(tower.Whitening, tower.Options, inputs, identityOfImage, images, borders, seed);
    }

    /// <summary>
    /// Fits <paramref name="whitening"/> on these images (each also with scene borders when given); with
    /// <paramref name="mirror"/>, on their mirror images too, as the same identities.
    /// </summary>
    public static void FitOn(PatchWhitening whitening, TowerOptions shape, IReadOnlyList<float[]> inputs, IReadOnlyList<int> identityOfImage, int[] images, SceneBorders? borders = null, int seed = 0, bool mirror = false)
    {
        ArgumentNullException.ThrowIfNull(whitening);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(identityOfImage);
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var batch = Trainer.Stack([.. images.Select(i => inputs[i])], shape);
        var labels = images.Select(i => identityOfImage[i]).ToArray();
        if (borders is not null)
        {
            manual_seed(seed);
            var bordered = borders.Apply(batch, tensor(images.Select(i => (long)i).ToArray()), new Random(seed), probability: 1);
            batch = cat([batch, bordered], 0);
            labels = [.. labels, .. labels];
        }

        if (mirror)
        {
            batch = cat([batch, batch.flip(3)], 0);
            labels = [.. labels, .. labels];
        }

        PatchFit.Fit(whitening, batch, labels);
    }
}
