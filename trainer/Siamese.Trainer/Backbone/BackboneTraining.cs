using System.Runtime;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// A backbone-tower run: folder per class → identity split → ResNet18 features of every image once (training images
/// also of their views; cached) → the head trained on the features by the usual loop (contrastive-family loss,
/// validation, early stopping, checkpoints) → calibration → evaluation on unseen identities (and against --gallery)
/// → one model.onnx (backbone + head) checked against the head's own embeddings.
/// </summary>
public sealed class BackboneTraining(TextWriter log)
{
    /// <summary>Test images run through the exported model to check it against the TorchSharp head.</summary>
    private const int ParityImages = 16;

    /// <summary>
    /// --gallery images of the test identities run through it beside them: a catalogue image takes the model's other
    /// branch where it serves a zoom by the image's background (<see cref="TrainOptions.CatalogueZoom"/>).
    /// </summary>
    private const int ParityGalleryImages = 4;

    /// <summary>The refit's checkpoints, under the run's <c>checkpoints/</c>.</summary>
    public const string RefitFolder = "refit";

    public RunReport Run(TrainOptions options, CheckpointState? resumed)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InputHeight != BackboneGraph.InputSize || options.InputWidth != BackboneGraph.InputSize)
        {
            throw new ArgumentException($"The backbone tower takes {BackboneGraph.InputSize}x{BackboneGraph.InputSize} inputs (ResNet18's mean image and pooling fix it), not --input {options.InputHeight}x{options.InputWidth}.");
        }

        if (options.Align != AlignMode.None)
        {
            throw new ArgumentException("The backbone tower takes whole images (--align none); use the patch tower for aligned faces.");
        }

        if (options.Views is < 1 or > ImageView.Count)
        {
            throw new ArgumentException($"--views must be between 1 and {ImageView.Count} (got {options.Views}).");
        }

        if (options.ServedViews is not (1 or 2))
        {
            throw new ArgumentException($"--served-views must be 1 (the image) or 2 (the image and its centre zoom), not {options.ServedViews?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open"}.");
        }

        var servedViews = options.ServedViews.Value;
        if (options.ServedZoom is { } zoom)
        {
            if (servedViews != 2)
            {
                throw new ArgumentException($"--served-zoom is the zoom of the second served view; it needs --served-views 2, not {servedViews}.");
            }

            ImageView.CheckServedZoom(zoom);
        }

        if (options.CatalogueZoom is { } catalogue)
        {
            if (servedViews != 2 && catalogue != 0)
            {
                throw new ArgumentException($"--catalogue-zoom is the zoom of the second served view of an image on a plain light background; it needs --served-views 2, not {servedViews}.");
            }

            ImageView.CheckCatalogueZoom(catalogue);
        }

        if (options.Pooling is { } asked && asked != BackbonePooling.Average && options.FitHead)
        {
            throw new ArgumentException($"--fit-head fits a linear head on pooled features in closed form; it does not apply to --pooling {asked.ToString().ToLowerInvariant()}, whose head pools the last block itself (use --pooling average with --fit-head).");
        }

        if (options.FeatureStages is not (1 or 2 or 3 or 4))
        {
            throw new ArgumentException($"--feature-stages must be between 1 (ResNet18's last block) and 4, not {options.FeatureStages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "open"}.");
        }

        var stages = options.FeatureStages.Value;
        var (root, name) = TrainingPipeline.DataFolder(options);
        var scanned = DuplicateImages.Scan(root);
        var items = scanned.Kept;
        var labels = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(NaturalComparer.Instance).ToArray();
        var identityOf = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var usable = labels.Where(l => items.Count(i => i.Label == l) >= 2).ToArray();
        var split = resumed?.Split ?? TrainingPipeline.Split(options, usable);
        log.WriteLine($"Data: {root}: {labels.Length} identities, {items.Count} images.");
        scanned.Report(log);
        FolderDataset.ReportNotRead(root, log);
        TrainingPipeline.ReportSingleImageClasses([.. labels.Except(usable)], log);

        var entries = new FeatureEntries(identityOf);
        var train = split.Train.ToHashSet(StringComparer.Ordinal);
        var test = split.Test.ToHashSet(StringComparer.Ordinal);
        var validation = split.Validation.ToHashSet(StringComparer.Ordinal);
        foreach (var item in items)
        {
            entries.Add(item, 0, train.Contains(item.Label) ? Role.Train : validation.Contains(item.Label) ? Role.Validation : test.Contains(item.Label) ? Role.Test : Role.None);
        }

        // Only scored (--train-on-gallery false): the test classes' gallery images alone.
        var galleryItems = options.Gallery is null ? [] : FolderDataset.Scan(options.Gallery).Where(g => identityOf.ContainsKey(g.Label) && (options.TrainsOnGallery || test.Contains(g.Label))).ToArray();
        if (options.TrainsOnGallery)
        {
            foreach (var item in galleryItems)
            {
                entries.Add(item, 0, train.Contains(item.Label) ? Role.Train : test.Contains(item.Label) ? Role.Gallery : validation.Contains(item.Label) ? Role.ValidationGallery : Role.None);
            }
        }

        foreach (var (item, _, _) in entries.Where(Role.Train).ToArray())
        {
            for (var view = 1; view < options.Views; view++)
            {
                entries.Add(item, view, Role.Train);
            }
        }

        if (!options.TrainsOnGallery)
        {
            // After every entry a run without --gallery has, so that run's draws, choices and model are this one's.
            foreach (var item in galleryItems)
            {
                entries.Add(item, 0, Role.Gallery);
            }
        }

        if (options.ReportTestViews)
        {
            foreach (var (item, _, _) in entries.Where(Role.Test).Concat(entries.Where(Role.Gallery)).ToArray())
            {
                for (var view = 1; view < ImageView.Count; view++)
                {
                    entries.Add(item, view, Role.TestView);
                }
            }
        }

        options = AdaptiveDefaults.ChooseThresholdFolds(options, split.Train.Count, split.Validation.Count, log);
        var thresholdFolds = options.ThresholdFolds ?? 0;
        if (servedViews == 2)
        {
            // Every image embedded as served gets its zoom; calibration scores the training images' photos too with
            // threshold folds, and falls back to them without validation identities.
            Role[] served = split.Validation.Count > 0 ? [Role.Validation, Role.Test, Role.Gallery, Role.ValidationGallery] : [Role.Train, Role.Test, Role.Gallery];
            served = thresholdFolds > 0 && split.Validation.Count > 0 ? [Role.Train, .. served] : served;
            foreach (var (item, _, _) in served.SelectMany(entries.Where).Where(e => e.View == 0).ToArray())
            {
                entries.Add(item, ImageView.ServedZoom, Role.ServedZoom);
            }
        }

        log.WriteLine($"Split by identity (seed {options.Seed}): {split.Train.Count} train ({entries.Count(Role.Train)} images and views), " +
            $"{split.Validation.Count} validation ({entries.Count(Role.Validation)}), {split.Test.Count} test ({entries.Count(Role.Test)})" +
            (options.Gallery is null ? "." : options.TrainsOnGallery ? $"; gallery {galleryItems.Length} images ({entries.Count(Role.Gallery)} of test identities)." : $"; gallery {galleryItems.Length} images of test identities, only scored (--train-on-gallery false)."));
        log.WriteLine($"Test identities: {string.Join(' ', split.Test)}");
        options = AdaptiveDefaults.ChooseRefit(options, split.Validation.Count, log);
        var refit = options.Refit == true;

        // The pooling decides what is extracted (with a head that pools itself, the whole last-block map): chosen now
        // that the number of images and views to hold is known.
        options = AdaptiveDefaults.ChoosePooling(options, entries.Requests.Count, log);
        var pooling = options.Pooling ?? BackbonePooling.Average;
        var files = ResNet18Files.Locate();
        var backbone = BackboneGraph.Load(files, stages, pooling, options.ServedZoom ?? ImageView.Zoom, options.CatalogueZoom);
        var channels = options.InputChannels;
        var (inputs, computed, featureSeconds) = Features(backbone, channels, options.FeatureCacheFolder, $"{new FileInfo(files.Network).Length}|{new FileInfo(files.Preprocess).Length}|{channels}{(backbone.Stages > 1 ? $"|stages{backbone.Stages}" : "")}{(pooling.ReadsMap() ? "|map" : "")}|{Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))}", entries.Requests, log);

        // What reading them left behind (each decoded photo, the cache with its other entries, its file's read buffers:
        // most of it on the large-object heap, which the collector does not compact unless asked) goes back to the
        // system now, before the head trains, rather than standing under what the training holds.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var ids = entries.Identities;
        var trainImages = entries.Indices(Role.Train);
        var validationImages = entries.Indices(Role.Validation);
        var testImages = entries.Indices(Role.Test);

        // The head is a few small matrix products per step: one thread, as a second only waits (and on a shared
        // machine spins) for its half of them.
        torch.set_num_threads(1);
        using var tower = NewHead(options);
        log.WriteLine($"Tower: backbone (ResNet18, {backbone.FeatureLength} features, {(channels == 3 ? "colour" : "gray")}) + head of {tower.parameters().Sum(p => p.numel())} parameters, embedding {tower.EmbeddingDimension}, input {channels}x{BackboneGraph.InputSize}x{BackboneGraph.InputSize}.");
        var calibrationImages = validationImages.Length > 0 ? validationImages : trainImages;
        var validator = new Validator(inputs, ids, calibrationImages, options.Margin, options.CalibrateFar, seenInTraining: validationImages.Length == 0);
        var store = new CheckpointStore(CheckpointStore.FolderOf(options.Output));
        var pixels = new PixelStatistics(0f, 1f);
        var state = resumed ?? new CheckpointState { Epoch = 0, Options = options, Split = split, Pixels = pixels, History = [] };
        if (state.Epoch == 0 && options.FitHead)
        {
            BackboneHeadFit.Fit(tower, [.. trainImages.Select(i => inputs[i])], [.. trainImages.Select(i => ids[i])]);
            var fitted = validator.Score(tower);
            log.WriteLine($"Head fitted in closed form on the training features (PCA + within-identity whitening): {(validationImages.Length > 0 ? "validation" : "training")} EER {fitted.Eer:P1}, AUC {fitted.Auc:F3}; training starts from it.");
        }
        // A refit's two fits keep their last epoch, so the threshold is calibrated on a model trained as long as the one shipped.
        var fitOptions = refit ? options with { Selection = SelectionKind.Last } : options;
        var anchors = options.GalleryEveryStep == true ? GalleryImages(entries, galleryItems, Role.Train) : null;
        state = new Training.Trainer(fitOptions, log).Fit(tower, inputs, TrainingPipeline.BatchSource(options, ids, trainImages, anchors), validationImages.Length > 0 ? validator : null, null, store, state);
        var headEmbeddings = new TowerEmbedder(tower).Embed(inputs);
        var embeddings = Served(entries, headEmbeddings);
        log.WriteLine($"Trained {state.Epoch} epochs in {state.TrainSeconds:F0}s ({(refit ? "the last kept" : $"best: epoch {state.BestEpoch}")})" +
            (servedViews == 2 ? "; the threshold's images are embedded as served (image + centre zoom)." : "."));
        // After the first fit, whose weights the folds' heads (each from the run's seed) must not change.
        var folds = new ThresholdFolds(options, log);
        var calibrated = thresholdFolds > 0 ? folds.Calibrate(inputs, ids, entries, galleryItems, store) : validator.ScoreEmbedded(embeddings);
        var threshold = calibrated.Threshold;
        // The threshold once, with what it rests on (its target, its images and pairs), as every tower's run prints it.
        TrainingPipeline.ReportCalibration(log, threshold, calibrated.Basis);

        // Figures on the validation identities come from the model that never trained on them.
        var (validationOneShot, validationGallery) = ValidationFigures(options, entries, embeddings, ids, validationImages);
        using var refitTower = refit ? NewHead(options) : null;
        var shipped = tower;
        var shippedWeights = store.BestWeightsPath;
        RefitReport? refitReport = null;
        if (refitTower is not null)
        {
            (refitReport, shippedWeights) = Refit(fitOptions, refitTower, inputs, ids, entries, galleryItems, store, split, pixels, resumed is not null);
            shipped = refitTower;
            headEmbeddings = new TowerEmbedder(refitTower).Embed(inputs);
            embeddings = Served(entries, headEmbeddings);
        }

        var tested = new EmbeddedImages(embeddings, ids, testImages);
        var evaluation = Evaluator.Evaluate(tested, threshold, options.Ways, options.Episodes, options.Seed);
        var gallery = entries.Indices(Role.Gallery).Select(i => (ids[i], embeddings[i])).ToArray();
        var enrolled = gallery.Length == 0 ? null : EnrolledGalleryEvaluator.Evaluate(tested, gallery, options.Ways, options.Episodes, new Random(options.Seed + 3));

        // The same draws on the backbone's own features (unit length, no head), for what training added.
        var (untrainedOneShot, untrainedGallery) = SameDraws(inputs.Select(f => Unit(backbone.AveragePooled(f))).ToArray(), ids, entries, evaluation.OneShot.Ways, options);
        var testViews = options.ReportTestViews ? TestViewFigures.Evaluate(entries, headEmbeddings, ids, evaluation.OneShot.Ways, options, log) : null;
        log.WriteLine($"ResNet18 features without the head: one-shot {untrainedOneShot.Ways}-way {untrainedOneShot.Accuracy:P1}" + (untrainedGallery is null ? "." : $", against the gallery {untrainedGallery.Accuracy:P1}."));

        var summary = new MetadataBuilder.DataSummary(name, split, new IdentityCounts(trainImages.Length, validationImages.Length, testImages.Length), pixels);
        var metadata = MetadataBuilder.Build(options, summary, shipped, threshold, evaluation, shippedWeights);
        var modelPath = Path.Combine(options.Output, "model.onnx");
        BackboneExporter.Export(shipped, backbone, metadata, modelPath, servedViews);
        int[] parityImages = [.. testImages.Take(ParityImages), .. entries.Indices(Role.Gallery).Where(i => entries.Requests[i].View == 0).Take(ParityGalleryImages)];
        var (onnxDifference, backboneDifference) = Parity(modelPath, files, entries, parityImages, inputs, embeddings, channels, backbone);
        // export --checkpoint and evaluate read the weights the state names: the shipped model's.
        Json.Write(store.StatePath, state with { Threshold = threshold, BestWeights = Path.GetRelativePath(store.Directory, shippedWeights) });

        var report = new RunReport
        {
            Model = new ModelInfo(metadata.Name, metadata.Version, "backbone", tower.EmbeddingDimension, $"{channels}x{BackboneGraph.InputSize}x{BackboneGraph.InputSize}", 0f, 1f, Path.GetFullPath(modelPath)),
            Config = options,
            Identities = new IdentityCounts(split.Train.Count, split.Validation.Count, split.Test.Count),
            Split = new SplitReport(split.Train, split.Validation, split.Test),
            Images = summary.Images,
            Threshold = threshold,
            ThresholdFar = options.CalibrateFar,
            Calibration = calibrated.Basis,
            TrainSeconds = Math.Round(state.TrainSeconds + (refitReport?.Seconds ?? 0) + folds.Seconds + featureSeconds, 1),
            Refit = refitReport,
            EpochsRun = state.Epoch,
            BestEpoch = state.BestEpoch,
            Verification = evaluation.Verification,
            OneShot = evaluation.OneShot,
            OpenSet = evaluation.OpenSet,
            GalleryFirst = evaluation.GalleryFirst,
            Classic = evaluation.Classic,
            EnrolledGallery = enrolled,
            Backbone = new BackboneFeatureReport(
                "ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1)", channels, options.Views, backbone.FeatureLength,
                computed, inputs.Length - computed, Math.Round(featureSeconds, 1),
                computed == 0 ? 0 : Math.Round(computed / featureSeconds, 1), Math.Round(state.TrainSeconds + (refitReport?.Seconds ?? 0) + folds.Seconds, 1), backboneDifference,
                untrainedOneShot, untrainedGallery, validationOneShot, validationGallery, testViews, servedViews, backbone.Stages, pooling.ToString().ToLowerInvariant()),
            OnnxMaxAbsDifference = onnxDifference,
            History = state.History,
        };
        log.WriteLine(ReportText.Headline(report));
        if (options.Gallery is not null)
        {
            log.WriteLine(TrainingPipeline.GalleryLine(options.Gallery, enrolled, split.Test.Count));
        }

        ReportWriter.Write(options.Output, report);
        Plots.Write(options.Output, report, evaluation);
        return report;
    }

    /// <summary>
    /// The test figures' draws on the validation identities (never trained on, never tested): what options such as the
    /// head's loss or size are chosen by, so that no choice rests on the test identities. Null without validation identities.
    /// </summary>
    private (OneShotResult? OneShot, OneShotResult? Gallery) ValidationFigures(TrainOptions options, FeatureEntries entries, float[][] embeddings, IReadOnlyList<int> ids, int[] validationImages)
    {
        var classes = validationImages.Select(i => ids[i]).Distinct().Count();
        if (classes < 2)
        {
            return (null, null);
        }

        var ways = options.Ways > 0 ? Math.Min(options.Ways, classes) : classes;
        var set = new EmbeddedImages(embeddings, ids, validationImages);
        var oneShot = OneShotEvaluator.Evaluate(set, ways, options.Episodes, new Random(options.Seed + 5));
        var enrolment = entries.Indices(Role.ValidationGallery).Select(i => (ids[i], embeddings[i])).ToArray();
        var gallery = enrolment.Length == 0 ? null : EnrolledGalleryEvaluator.Evaluate(set, enrolment, ways, options.Episodes, new Random(options.Seed + 7));
        log.WriteLine($"Validation identities ({classes}, for choosing options): one-shot {oneShot.Ways}-way {oneShot.Accuracy:P1}" + (gallery is null ? "." : $", against the gallery {gallery.Accuracy:P1}."));
        return (oneShot, gallery);
    }

    /// <summary>
    /// The features of <paramref name="requests"/>, read from the cache file in <paramref name="cacheFolder"/> (null: no
    /// cache) or computed, with how many were computed and in how many seconds. The cache holds every feature its file
    /// does, other images' and other zooms' too (1.1 GB for the grocery photos' maps at two zooms), and is let go here,
    /// once read and saved, rather than held for the whole run; so are the ONNX Runtime sessions that computed them
    /// (opened only where a feature is missing from the cache).
    /// </summary>
    private static (float[][] Inputs, int Computed, double Seconds) Features(BackboneGraph backbone, int channels, string? cacheFolder, string cacheKey, IReadOnlyList<(string Path, int View)> requests, TextWriter log)
    {
        using var extractor = new FeatureExtractor(backbone, channels);
        var cache = cacheFolder is null ? FeatureCache.None : FeatureCache.Open(cacheFolder, cacheKey, extractor.FeatureLength);
        var source = new FeatureSource(extractor, cache, log);
        var inputs = source.Features(requests);
        return (inputs, source.Computed, source.ComputeSeconds);
    }

    /// <summary>
    /// The embeddings as the model serves them: an image with a served zoom (<see cref="Role.ServedZoom"/>) is the
    /// unit-length mean of the head's embeddings of it and of its zoom, as the exported graph computes it; every other
    /// entry is the head's embedding.
    /// </summary>
    internal static float[][] Served(FeatureEntries entries, float[][] headEmbeddings)
    {
        var requests = entries.Requests;
        var zoomed = entries.Indices(Role.ServedZoom);
        if (zoomed.Length == 0)
        {
            return headEmbeddings;
        }

        var imageOf = Enumerable.Range(0, requests.Count).Where(i => requests[i].View == 0).ToDictionary(i => requests[i].Path, StringComparer.Ordinal);
        var served = (float[][])headEmbeddings.Clone();
        foreach (var z in zoomed)
        {
            var image = imageOf[requests[z].Path];
            served[image] = UnitMean([headEmbeddings[image], headEmbeddings[z]]);
        }

        return served;
    }

    /// <summary>A head built after seeding with the run's seed: the first fit and the refit start from the same weights.</summary>
    internal static BackboneTower NewHead(TrainOptions options)
    {
        torch.manual_seed(options.Seed);
        return (BackboneTower)TowerFactory.Create(options.ToTowerOptions());
    }

    /// <summary>The entries of <paramref name="roles"/> that are --gallery images (view 0): the sampler's anchors with --gallery-every-step.</summary>
    internal static HashSet<int> GalleryImages(FeatureEntries entries, IReadOnlyCollection<LabeledImage> galleryItems, params Role[] roles)
    {
        var paths = galleryItems.Select(g => g.Path).ToHashSet(StringComparer.Ordinal);
        var requests = entries.Requests;
        return [.. roles.SelectMany(entries.Indices).Where(i => requests[i].View == 0 && paths.Contains(requests[i].Path))];
    }

    /// <summary>
    /// The refit (<see cref="TrainOptions.Refit"/>): <paramref name="tower"/>, built after the same seed as the first
    /// fit's (with --fit-head, from the closed-form fit on the same images), trained for the whole schedule on the
    /// training and validation identities (their --gallery images too, anchors with --gallery-every-step; the
    /// validation images as they are, without the extra --views of the training images), with no validation. Checkpoints under <c>checkpoints/refit/</c>; a resumed
    /// run picks the refit up where it stopped.
    /// </summary>
    /// <returns>What the report says of it, and the path of its weights.</returns>
    private (RefitReport Report, string Weights) Refit(TrainOptions options, BackboneTower tower, float[][] inputs, IReadOnlyList<int> ids, FeatureEntries entries, IReadOnlyCollection<LabeledImage> galleryItems, CheckpointStore store, IdentitySplit split, PixelStatistics pixels, bool resuming)
    {
        var images = NonTestImages(entries);
        var anchors = options.GalleryEveryStep == true ? GalleryImages(entries, galleryItems, Role.Train, Role.ValidationGallery) : null;
        var refitStore = new CheckpointStore(Path.Combine(store.Directory, RefitFolder));
        var start = resuming && File.Exists(refitStore.StatePath)
            ? CheckpointStore.Load(refitStore.Directory).State
            : new CheckpointState { Epoch = 0, Options = options, Split = split, Pixels = pixels, History = [] };
        if (start.Epoch == 0 && options.FitHead)
        {
            BackboneHeadFit.Fit(tower, [.. images.Select(i => inputs[i])], [.. images.Select(i => ids[i])]);
        }

        var identities = split.Train.Count + split.Validation.Count;
        log.WriteLine($"Refit: the head again from the same start, on {identities} identities ({split.Train.Count} training + {split.Validation.Count} validation, {images.Length} images and views), {options.Epochs} epochs.");
        var state = new Training.Trainer(options, log).Fit(tower, inputs, TrainingPipeline.BatchSource(options, ids, images, anchors), null, null, refitStore, start);
        log.WriteLine($"Refit trained {state.Epoch} epochs in {state.TrainSeconds:F0}s; the model below is the refit, with the threshold above.");
        return (new RefitReport(identities, images.Length, state.Epoch, Math.Round(state.TrainSeconds, 1)), refitStore.BestWeightsPath);
    }

    /// <summary>
    /// What the refit and the threshold folds train on: every training and validation image and view, in the order of
    /// the entries, with the validation identities' --gallery images (without the extra --views of training images).
    /// </summary>
    internal static int[] NonTestImages(FeatureEntries entries)
    {
        int[] images = [.. entries.Indices(Role.Train), .. entries.Indices(Role.Validation), .. entries.Indices(Role.ValidationGallery)];
        Array.Sort(images);
        return images;
    }

    /// <summary>
    /// The report's one-shot and gallery tests with the same draws (seed, seed + 3) on other embeddings of the same test
    /// and enrolment images, so each difference from the report's figures is paired.
    /// </summary>
    internal static (OneShotResult OneShot, OneShotResult? Gallery) SameDraws(float[][] embeddings, IReadOnlyList<int> ids, FeatureEntries entries, int oneShotWays, TrainOptions options)
    {
        var tested = new EmbeddedImages(embeddings, ids, entries.Indices(Role.Test));
        var gallery = entries.Indices(Role.Gallery);
        return (OneShotEvaluator.Evaluate(tested, oneShotWays, options.Episodes, new Random(options.Seed)),
            gallery.Length == 0 ? null : EnrolledGalleryEvaluator.Evaluate(tested, [.. gallery.Select(i => (ids[i], embeddings[i]))], options.Ways, options.Episodes, new Random(options.Seed + 3)));
    }

    /// <summary>The unit-length mean of <paramref name="vectors"/> (of one length): how several views' embeddings become one.</summary>
    internal static float[] UnitMean(IReadOnlyList<float[]> vectors)
    {
        var sum = new float[vectors[0].Length];
        foreach (var v in vectors)
        {
            for (var k = 0; k < sum.Length; k++)
            {
                sum[k] += v[k];
            }
        }

        return Unit(sum);
    }

    /// <summary><paramref name="v"/> scaled to unit length.</summary>
    internal static float[] Unit(float[] v)
    {
        var norm = MathF.Max(MathF.Sqrt(v.Sum(x => x * x)), 1e-12f);
        return [.. v.Select(x => x / norm)];
    }

    /// <summary>
    /// The exported model on some test and gallery images (<paramref name="chosen"/>, preprocessed as the services do)
    /// vs the head's embeddings of the same images as served; and the merged backbone vs the package's own two files on
    /// a few of them (<see cref="PackageFeatures.RunStages"/> for several stages).
    /// </summary>
    private static (double Model, double Backbone) Parity(string modelPath, ResNet18Files files, FeatureEntries entries, int[] chosen, float[][] features, float[][] embeddings, int channels, BackboneGraph graph)
    {
        var preprocessor = FeatureSource.PreprocessorFor(channels);
        var images = chosen.Select(i => preprocessor.ToTensor(ImageFiles.LoadRgb(entries.Requests[i].Path))).ToArray();
        var model = OnnxParity.MaxAbsDifference(modelPath, images, [.. chosen.Select(i => embeddings[i])]);
        if (channels != 3)
        {
            return (model, double.NaN);
        }

        using var package = new PackageFeatures(files);
        double backbone = 0;
        for (var k = 0; k < Math.Min(4, chosen.Length); k++)
        {
            var reference = graph.Stages == 1 && graph.Pooling == BackbonePooling.Average ? package.Run(images[k]) : package.RunStages(images[k], graph.Stages, graph.Pooling);
            backbone = Math.Max(backbone, reference.Zip(features[chosen[k]], (a, b) => (double)Math.Abs(a - b)).Max());
        }

        return (model, backbone);
    }
}
