using Siamese.Model;
using Siamese.Imaging;
using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// The backbone tower's threshold cross-validated over every non-test identity (<see cref="TrainOptions.ThresholdFolds"/>):
/// the training and validation identities are dealt into K folds; for each, a head built from the run's seed trains,
/// with the run's schedule and last epoch, on the other folds' images, and scores every pair of the fold's own photos
/// (view 0, embedded as served). The folds' genuine and impostor distances are pooled and the threshold read from them
/// at the target false-accept rate. A few validation identities give a threshold from a handful of identity pairs,
/// which on new ones can turn away half the genuine matches or accept many times the target (trainer/README).
/// </summary>
public sealed class ThresholdFolds(TrainOptions options, TextWriter log)
{
    /// <summary>Seconds the folds' heads took to train and embed (the run's train seconds include them).</summary>
    public double Seconds { get; private set; }

    /// <summary>The pooled held-out figures and their basis; the fold heads' checkpoints are deleted as each ends.</summary>
    public ValidationResult Calibrate(float[][] inputs, IReadOnlyList<int> ids, FeatureEntries entries, IReadOnlyCollection<LabeledImage> galleryItems, CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(store);
        var folds = options.ThresholdFolds ?? 0;
        var trainable = BackboneTraining.NonTestImages(entries);
        var requests = entries.Requests;
        var galleryPaths = galleryItems.Select(g => g.Path).ToHashSet(StringComparer.Ordinal);
        int[] photos = [.. entries.Indices(Role.Train).Concat(entries.Indices(Role.Validation)).Where(i => requests[i].View == 0 && !galleryPaths.Contains(requests[i].Path)).Order()];
        var identities = photos.Select(i => ids[i]).Distinct().Order().ToArray();
        if (folds < 2 || identities.Length < 2 * folds)
        {
            // AdaptiveDefaults.ChooseThresholdFolds refuses such a run by name before any feature is computed.
            throw new InvalidOperationException($"{folds} threshold folds need at least {2 * folds} identities to score; there are {identities.Length}.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        new Random(options.Seed).Shuffle(identities);
        // The refit's anchors: a held-out identity's are never drawn, since the sampler takes each identity's images from fitImages.
        var anchors = options.GalleryEveryStep == true ? BackboneTraining.GalleryImages(entries, galleryItems, Role.Train, Role.ValidationGallery) : null;
        var fitOptions = options with { Selection = SelectionKind.Last };
        var genuine = new List<float>();
        var impostor = new List<float>();
        CalibrationBasis? basis = null;
        // One bar for all the folds' steps and a line per fold, not each fold's epoch lines.
        var progress = ProgressBar.SharedOnConsole(folds * Training.Trainer.StepsPerEpoch(fitOptions) * fitOptions.Epochs, $"{folds} threshold folds");
        try
        {
            for (var fold = 0; fold < folds; fold++)
            {
                var held = identities.Where((_, k) => k % folds == fold).ToHashSet();
                var fitImages = trainable.Where(i => !held.Contains(ids[i])).ToArray();
                var scored = photos.Where(i => held.Contains(ids[i])).ToArray();
                progress.Interrupt(() => log.WriteLine($"Threshold fold {fold + 1}/{folds}: the head trains on {fitImages.Length} images and views of {fitImages.Select(i => ids[i]).Distinct().Count()} identities and scores {scored.Length} photos of {held.Count}."));
                var foldStore = new CheckpointStore(Path.Combine(store.Directory, $"threshold-fold{fold + 1}"));
                using (var head = BackboneTraining.NewHead(options))
                {
                    var start = new CheckpointState { Epoch = 0, Options = fitOptions, Split = new IdentitySplit([], [], []), Pixels = new PixelStatistics(0f, 1f), History = [] };
                    new Training.Trainer(fitOptions, log).Fit(head, inputs, TrainingPipeline.BatchSource(fitOptions, ids, fitImages, anchors), null, null, foldStore, start, progress: progress);
                    var served = BackboneTraining.Served(entries, new TowerEmbedder(head).Embed(inputs));
                    var (g, m) = Distances.AllPairs(served, ids, scored);
                    genuine.AddRange(g);
                    impostor.AddRange(m);
                }

                Directory.Delete(foldStore.Directory, recursive: true);
                var foldBasis = CalibrationBasis.Of(scored.Select(i => ids[i]), options.CalibrateFar, $"training and validation identities, {folds}-fold cross-validated");
                basis = basis?.Plus(foldBasis) ?? foldBasis;
            }
        }
        finally
        {
            progress.Clear();
        }

        var result = ValidationResult.Of(genuine, impostor, options.Margin, options.CalibrateFar) with { Basis = basis };
        Seconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"Cross-validated over the training and validation identities ({folds} folds, {Seconds:F0}s): EER {result.Eer:P1}, AUC {result.Auc:F3}.");
        return result;
    }
}
