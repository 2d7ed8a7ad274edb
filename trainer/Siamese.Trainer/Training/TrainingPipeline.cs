using Siamese.Model;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;
using TorchSharp;

namespace Siamese.Trainer.Training;

/// <summary>
/// One training run, end to end: data → identity split → train → calibrate on validation → evaluate on unseen
/// test identities → export model.onnx → report.json, report.md, plots. Optionally the baseline tower and the
/// classic pair split beside it, and a benchmark results file.
/// </summary>
public sealed class TrainingPipeline(TextWriter log)
{
    public RunReport Run(TrainOptions options, string? resume = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        torch.set_num_threads(Environment.ProcessorCount);
        CheckpointState? resumed = null;
        if (resume is not null)
        {
            // --data beside --resume: the run's own data, moved since (the checkpoint's split names its identities).
            var movedData = options.Data;
            resumed = CheckpointStore.Load(resume).State;
            // A backbone checkpoint from before --feature-stages read the last block alone, and one from before --refit
            // fitted once; a conv one from before --served-shift embedded the image alone; a patch or face one from before
            // --patch-scales had one scale, and a face one from before --conv-share no conv companion. A backbone one
            // from before the chosen served zoom served the training views' zoom, with or without a gallery, and one from
            // before --threshold-folds calibrated on the validation identities, and one from before --images-per-identity
            // drew 4 images of each identity a step, and one from before --catalogue-zoom served every image at one
            // zoom. A conv, baseline, patch or face one from before their --gallery trained only scored it.
            options = resumed.Options.Tower == TowerKind.Backbone
                ? resumed.Options with { FeatureStages = resumed.Options.FeatureStages ?? 1, Pooling = resumed.Options.Pooling ?? BackbonePooling.Average, Refit = resumed.Options.Refit ?? false, ServedZoom = resumed.Options.ServedZoom ?? (resumed.Options.ServedViews == 1 ? null : ImageView.Zoom), CatalogueZoom = resumed.Options.CatalogueZoom ?? (resumed.Options.ServedViews == 1 ? null : 0), ThresholdFolds = resumed.Options.ThresholdFolds ?? 0, ImagesPerIdentity = resumed.Options.ImagesPerIdentity ?? (resumed.Options.Pairs == PairScheme.Batch ? TrainOptions.DefaultImagesPerIdentity : null) }
                : (resumed.Options with { ServedShift = resumed.Options.ServedShift ?? 0, PatchScales = resumed.Options.PatchScales ?? 1, ConvShare = resumed.Options.ConvShare ?? 0, GroupedSteps = resumed.Options.GroupedSteps ?? false }).WithGalleryAsCheckpointed();
            if (!options.Synthetic)
            {
                options = options with { Data = RunData.Folder(options, movedData, " beside --resume") };
            }
        }

        using var interrupted = new InterruptNote(CheckpointStore.FolderOf(options.Output));
        if (options.GroupedSteps == true && options.SplitGroups is null)
        {
            throw new ArgumentException("--grouped-steps draws each step's identities group by group: name the groups with --split-groups.");
        }

        if (options.GroupedSteps == true && options.Tower is not (TowerKind.Conv or TowerKind.Baseline))
        {
            throw new ArgumentException($"--grouped-steps: the grouped steps are the conv and baseline towers'; it applies to --tower conv and baseline, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.GroupedSteps == true && !options.Adaptive.HasFlag(AdaptiveSettings.Recipe) && options.Pairs != PairScheme.Batch)
        {
            throw new ArgumentException(GroupedStepsNeedBatches);
        }

        if (options.Members > 1 && options.Tower != TowerKind.Conv)
        {
            throw new ArgumentException($"--members {options.Members}: only the conv tower trains member towers side by side (got --tower {options.Tower.ToString().ToLowerInvariant()}).");
        }

        if (options.ServedShift is not (null or 0) && options.Tower != TowerKind.Conv)
        {
            throw new ArgumentException($"--served-shift {options.ServedShift}: the shifted views are the conv tower's; it applies to --tower conv, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.ServedShift is < 0 or > AdaptiveDefaults.MaximumServedShift)
        {
            throw new ArgumentException($"--served-shift must be between 0 (the image alone) and {AdaptiveDefaults.MaximumServedShift} pixels, not {options.ServedShift}.");
        }

        if (options.PatchScales is not (null or 1) && options.Tower is not (TowerKind.Patch or TowerKind.Face))
        {
            throw new ArgumentException($"--patch-scales {options.PatchScales}: the scales are those of the patch fit; it applies to --tower patch and face, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.PatchScales is < 1 or > PatchWhitening.MaximumScales)
        {
            throw new ArgumentException($"--patch-scales must be 1 (the patches alone) or {PatchWhitening.MaximumScales} (each also at half resolution), not {options.PatchScales}.");
        }

        if (options.ConvShare is not (null or 0) && options.Tower != TowerKind.Face)
        {
            throw new ArgumentException($"--conv-share {options.ConvShare}: the conv companion is the face tower's; it applies to --tower face, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.CohortPeople is > 0 && options.Tower != TowerKind.Face)
        {
            throw new ArgumentException($"--cohort-people {options.CohortPeople}: cohort scaling is the face tower's; it applies to --tower face, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.ConvShare is { } share && !(share >= 0 && share < 1))
        {
            throw new ArgumentException($"--conv-share must be at least 0 (the patch maps alone) and below 1 (the patch maps keep a share), not {options.ConvShare}.");
        }

        if (options.TrainOnGallery is not null && options.Gallery is null)
        {
            throw new ArgumentException("--train-on-gallery says what to do with the --gallery's images: pass --gallery <folder> with it.");
        }

        if (options.ImagesPerIdentity is not null && options.Tower is TowerKind.Face or TowerKind.Patch)
        {
            throw new ArgumentException($"--images-per-identity: the {options.Tower.ToString().ToLowerInvariant()} tower draws no steps of its own choosing (the face tower's are 4 images of each person, the patch tower is fitted in closed form); it applies to the backbone, conv and baseline towers with --pairs batch.");
        }

        if (options.TrainOnGallery == false && options.GalleryEveryStep == true)
        {
            throw new ArgumentException("--gallery-every-step true puts the training classes' gallery images in every step, and --train-on-gallery false keeps them out of training: pass one of the two.");
        }

        if (options.ConvShare is > 0 && options.Mirror)
        {
            throw new ArgumentException("--mirror with a conv companion (--conv-share): the mirror sum is the patch maps' only; pass --conv-share 0 with --mirror.");
        }

        if (options.Ways is < 0 or 1)
        {
            throw new ArgumentException($"--ways must be 0 (every test identity) or at least 2, not {options.Ways}.");
        }

        CheckGallery(options);
        CheckOutputOutsideData(options.Output, options.Data, "--data");
        CheckOutputOutsideData(options.Output, options.Gallery, "--gallery");

        // Refusals that depend on the data (too few classes, an unreadable image, no test episode) come after the folder
        // is made: a folder this run made and left without a file goes again, so a refused run leaves nothing behind.
        var made = !Directory.Exists(options.Output);
        Directory.CreateDirectory(options.Output);
        try
        {
            return TrainInto(options, resumed);
        }
        catch when (made && !Directory.EnumerateFiles(options.Output, "*", SearchOption.AllDirectories).Any())
        {
            Directory.Delete(options.Output, recursive: true);
            throw;
        }
    }

    private RunReport TrainInto(TrainOptions options, CheckpointState? resumed)
    {
        if (options.Tower == TowerKind.Backbone)
        {
            // The backbone's input is ResNet18's 224×224 and its budget its own; only the tower's reason is printed here.
            options = AdaptiveDefaults.ChooseInput(options, [], log);
            options = AdaptiveDefaults.ChooseImagesPerIdentity(AdaptiveDefaults.ChooseGalleryEveryStep(AdaptiveDefaults.ChooseFeatureStages(AdaptiveDefaults.ChooseServedZoom(AdaptiveDefaults.ChooseServedViews(options, log), log), log), log), log);
            return Finish(options, new BackboneTraining(log).Run(options, resumed));
        }

        if (options.ReportTestViews)
        {
            throw new ArgumentException($"--report-test-views scores views of the backbone's features: it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.ServedZoom is not null)
        {
            throw new ArgumentException($"--served-zoom: a served zoom is cut for the backbone's 224x224 input; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.CatalogueZoom is not null)
        {
            throw new ArgumentException($"--catalogue-zoom: a served zoom is cut for the backbone's 224x224 input; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.Refit == true)
        {
            throw new ArgumentException($"--refit trains the backbone tower's head again on the validation identities too; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.ThresholdFolds is > 0)
        {
            throw new ArgumentException($"--threshold-folds calibrates the backbone tower's threshold on folds of heads; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()} (the patch and face towers calibrate on folds over the training identities already).");
        }

        if (options.ServedViews is not (null or 1))
        {
            throw new ArgumentException($"--served-views {options.ServedViews}: a served zoom is cut for the backbone's 224x224 input; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        options = AdaptiveDefaults.ChooseConvShare(AdaptiveDefaults.ChoosePatchScales(AdaptiveDefaults.ChooseServedShift(options, log), log), log);
        if (options.FeatureStages is not (null or 1))
        {
            throw new ArgumentException($"--feature-stages {options.FeatureStages}: the stages are ResNet18's; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.Pooling is not (null or BackbonePooling.Average))
        {
            throw new ArgumentException($"--pooling {options.Pooling.Value.ToString().ToLowerInvariant()}: the pooling is of ResNet18's last block; it applies to --tower backbone, not {options.Tower.ToString().ToLowerInvariant()}.");
        }

        if (options.InputChannels != 1)
        {
            throw new ArgumentException($"--channels {options.InputChannels}: colour input is trained by the backbone tower (--tower backbone); the {options.Tower.ToString().ToLowerInvariant()} tower trains on gray images.");
        }

        PreparedData data;
        (options, data) = Prepare(options, resumed);
        var report = TrainAndEvaluate(options, data, resumed);

        if (options.CompareBaseline && options.Tower != TowerKind.Baseline)
        {
            log.WriteLine();
            log.WriteLine("== Baseline tower, same data and settings");
            var baseline = TrainAndEvaluate(
                // The conv tower's own options (members, served shifts) are not the baseline's: it records what a --tower baseline run would.
                options with { Tower = TowerKind.Baseline, EmbeddingDimension = 0, Dropout = -1, Members = null, ServedShift = null, Output = Path.Combine(options.Output, "baseline") },
                data,
                null);
            report = report with { Baseline = baseline.Summary() };
        }

        if (options.CompareClassic)
        {
            log.WriteLine();
            log.WriteLine("== Classic pair split (all identities, 75/25 of 20,000 pairs), for comparison with published figures");
            report = report with { ClassicSplit = new ClassicComparison(log).Run(options, data.Photos) };
        }

        return Finish(options, report);
    }

    private RunReport Finish(TrainOptions options, RunReport report)
    {
        ReportWriter.Write(options.Output, report);
        if (options.Results is not null)
        {
            BenchResults.Write(options.Results, options.Command ?? "", report);
            log.WriteLine($"Results: {options.Results}");
        }

        return report;
    }

    /// <summary>The folder of class folders to train on (generated first with --synthetic) and the dataset's name.</summary>
    internal static (string Root, string Name) DataFolder(TrainOptions options)
    {
        string root, name;
        if (options.Synthetic)
        {
            root = Path.Combine(options.Output, "data");
            name = "synthetic";
            if (!Directory.Exists(root) || Directory.GetDirectories(root).Length != options.SyntheticClasses)
            {
                SyntheticDataset.Generate(root, options.SyntheticClasses, options.SyntheticPerClass, options.Seed);
            }
        }
        else
        {
            root = options.Data ?? throw new ArgumentException("Pass --data <folder> (a folder per class) or --synthetic.");
            name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        }

        return (root, name);
    }

    /// <returns>The options with the settings left to the data chosen, and the prepared data.</returns>
    private (TrainOptions Options, PreparedData Data) Prepare(TrainOptions options, CheckpointState? resumed)
    {
        if (options.TrainsRotatedClasses && options.Align != AlignMode.None)
        {
            throw new ArgumentException("--rotated-classes turns training images into new classes; a turned aligned face is the same person: not with --align yunet.");
        }

        // Stated, so the checkpoint says it: one from before the gallery trained these towers resumes without it.
        options = options.Gallery is null ? options : options with { TrainOnGallery = options.TrainsOnGallery };
        var (root, name) = DataFolder(options);
        var scanned = DuplicateImages.Scan(root);
        var loaded = GrayDataset.Load(scanned.Kept);
        options = AdaptiveDefaults.ChooseInput(options, loaded.Images, log);
        var photos = FaceAlignment.Apply(loaded, options, log);
        // The split is the photos' (a class with one photo and a gallery image is still left out), so a run with
        // --train-on-gallery false holds out the same identities; the training classes' gallery images then join them.
        var split = resumed?.Split ?? Split(options, [.. photos.Identities.Where(label => photos.ImagesOf([label]).Length >= 2)]);
        var (dataset, galleryTrains, galleryLeftOut) = WithTrainingGallery(photos, scanned.Kept, options, split, align: true, log);
        var data = PreparedData.Create(name, dataset, options.InputHeight, options.InputWidth, _ => split, resumed?.Pixels) with { GalleryImages = galleryTrains.Count };
        log.WriteLine($"Data: {root}: {photos.Identities.Count} identities, {photos.Items.Count} images.");
        scanned.Report(log);
        FolderDataset.ReportNotRead(root, log);
        ReportSingleImageClasses(photos.Identities.Where(label => photos.ImagesOf([label]).Length < 2).ToArray(), log);
        log.WriteLine($"Split by identity (seed {options.Seed}): {data.Split.Train.Count} train ({data.TrainImages.Length} images), " +
            $"{data.Split.Validation.Count} validation ({data.ValidationImages.Length}), {data.Split.Test.Count} test ({data.TestImages.Length}).");
        log.WriteLine($"Test identities: {string.Join(' ', data.Split.Test)}");
        if (options.Gallery is not null)
        {
            if (galleryLeftOut > 0)
            {
                log.WriteLine($"Left out of training: {galleryLeftOut} --gallery {(galleryLeftOut == 1 ? "image" : "images")} of training identities byte for byte the same as a --data image (a copy teaches nothing new; one under another class cannot be both).");
            }

            log.WriteLine(galleryTrains.Count > 0
                ? $"Gallery: {galleryTrains.Count} images of {galleryTrains.Select(g => g.Label).Distinct(StringComparer.Ordinal).Count()} training identities train with their class (counted above; --train-on-gallery false to only score the gallery); those of test identities are enrolled to score them."
                : $"Gallery: {(options.TrainOnGallery == false ? "scored only (--train-on-gallery false)" : "no image of a training identity, scored only")}; those of test identities are enrolled to score them.");
        }

        options = AdaptiveDefaults.ChooseGroupedSteps(AdaptiveDefaults.ChooseRecipe(options, data.Split.Train.Count, log), log);
        if (options.GroupedSteps == true && options.Pairs != PairScheme.Batch)
        {
            throw new ArgumentException(GroupedStepsNeedBatches);
        }
        return (AdaptiveDefaults.ChooseBudget(options, data.TrainImages.Length, log), data);
    }

    /// <summary>
    /// <paramref name="photos"/> (--data's images, <paramref name="photoItems"/>) followed by the --gallery images of
    /// training identities, which train with their class unless --train-on-gallery false; the validation and test
    /// identities' are not trained on (the test identities' are enrolled to score them), nor is a gallery image byte for
    /// byte the same as a --data image. The run and <c>export</c> (whose face cohort holds the training faces) both build
    /// their data so.
    /// </summary>
    /// <param name="align">Whether the gallery images are aligned as the photos were (export skips it where only counts matter).</param>
    /// <returns>The dataset, the gallery images that train, and how many were left out as copies of --data images.</returns>
    internal static (GrayDataset Dataset, IReadOnlyList<LabeledImage> Trained, int LeftOut) WithTrainingGallery(GrayDataset photos, IReadOnlyList<LabeledImage> photoItems, TrainOptions options, IdentitySplit split, bool align, TextWriter log)
    {
        if (!options.TrainsOnGallery)
        {
            return (photos, [], 0);
        }

        var train = split.Train.ToHashSet(StringComparer.Ordinal);
        LabeledImage[] candidates = [.. FolderDataset.Scan(options.Gallery!).Where(image => train.Contains(image.Label))];
        var trained = DuplicateImages.KeptOfAdded(photoItems, candidates);
        if (trained.Count == 0)
        {
            return (photos, [], candidates.Length);
        }

        var gallery = GrayDataset.Load(trained);
        return (photos.Concat(align ? FaceAlignment.Apply(gallery, options, log) : gallery), trained, candidates.Length - trained.Count);
    }

    private const string GroupedStepsNeedBatches = "--grouped-steps groups the identities of steps of identities x images: it needs --pairs batch (chosen for the conv tower from 100 training identities).";

    internal static IdentitySplit Split(TrainOptions options, IReadOnlyList<string> labels)
    {
        if (labels.Count < 4)
        {
            throw new ArgumentException(
                $"The data has {labels.Count} classes with two or more images; a run needs at least 4 (two to train on, two to test on), " +
                "and a class needs two images or more (one-shot compares images of one class).");
        }

        var test = options.TestIdentities ?? TrainingDefaults.TestIdentities(labels.Count);
        var validation = options.ValidationIdentities ?? TrainingDefaults.ValidationIdentities(labels.Count - test, options.Tower);
        if (validation == 1)
        {
            throw new ArgumentException("--val-identities 1: one validation identity gives no impostor pair to calibrate the threshold on; pass 0 (calibrate on the training identities) or 2 or more.");
        }

        var split = options.SplitGroups is { } groups
            ? IdentitySplitter.SplitByGroup(labels, groups, test, validation, options.Seed)
            : IdentitySplitter.Split(labels, test, validation, options.Seed);
        // Checked before training: the episodes are drawn only once it has finished.
        return options.Ways <= split.Test.Count ? split : throw new ArgumentException(
            $"--ways {options.Ways}: the run holds out {split.Test.Count} test identities, so its episodes can be at most {split.Test.Count}-way; pass a smaller --ways or more --test-identities.");
    }

    /// <summary>Prints what the threshold rests on, and warns where it cannot be trusted at its target (every tower's run).</summary>
    internal static void ReportCalibration(TextWriter log, float threshold, CalibrationBasis? calibration)
    {
        log.WriteLine($"Threshold {threshold:F4}: {calibration?.Describe() ?? "calibration basis unknown (older checkpoint)"}.");
        if (calibration?.Warning is { } warning)
        {
            log.WriteLine($"WARNING: {warning}");
        }

        if (threshold <= 0)
        {
            log.WriteLine("WARNING: the threshold is 0: impostor pairs of the calibration lie at distance 0, so a served model would accept no probe " +
                "(every answer \"unknown\"). The tower maps images of different classes to the same point: train longer or on more classes, or calibrate " +
                "the threshold on your own images once served (siamese calibrate).");
        }
    }

    /// <summary>Each epoch's steps, drawn from the training identities' images only.</summary>
    /// <param name="anchors">With <c>--pairs batch</c>: images in every step that draws their identity (<see cref="IdentityBatchSampler"/>).</param>
    /// <param name="groupOfIdentity">With <c>--pairs batch</c>: the group of each identity id, for grouped steps (<see cref="IdentityBatchSampler"/>); null draws across groups.</param>
    internal static Func<Random, TrainingBatch[]> BatchSource(TrainOptions options, IReadOnlyList<int> ids, int[] trainImages, IReadOnlySet<int>? anchors = null, Func<int, int>? groupOfIdentity = null)
    {
        switch (options.Pairs)
        {
            case PairScheme.Identity:
                if (options.ImagesPerIdentity is { } k)
                {
                    throw new ArgumentException($"--images-per-identity {k}: steps of random pairs (--pairs identity) draw no set number of images per identity; pass --pairs batch with it.");
                }

                var pairs = new PairSampler(ids, trainImages);
                return random => TrainingBatch.FromPairs(pairs.Draw(options.PairsPerEpoch, random), options.BatchSize);
            case PairScheme.Batch:
                var batches = new IdentityBatchSampler(ids, trainImages, anchors, groupOfIdentity);
                return random => [.. batches.Draw(Trainer.StepsPerEpoch(options), Trainer.StepImages(options), options.StepImagesPerIdentity, random)
                    .Select(b => new TrainingBatch(b.Images, null, b.Identities))];
            default:
                throw new ArgumentException("The classic pair scheme is a comparison run: use --compare-classic.");
        }
    }

    /// <summary>
    /// A --gallery enrols its images by class name: one with no sub-folder named as a class of --data is a mistake,
    /// refused before anything is written (a generated dataset's classes are only known once it is written).
    /// </summary>
    private static void CheckGallery(TrainOptions options)
    {
        if (options.Gallery is not { } gallery)
        {
            return;
        }

        if (FolderDataset.NotAFolder(gallery, "--gallery") is { } notAFolder)
        {
            throw new ArgumentException(notAFolder);
        }

        if (options.Synthetic || options.Data is not { } data || !Directory.Exists(data))
        {
            return;
        }

        var classes = Directory.GetDirectories(data).Select(d => Path.GetFileName(d)!).Order(NaturalComparer.Instance).ToArray();
        if (!FolderDataset.Scan(gallery).Any(image => classes.Contains(image.Label, StringComparer.Ordinal)))
        {
            throw new ArgumentException(
                $"--gallery '{gallery}' has no image in a sub-folder named as a class of --data '{data}' " +
                $"(e.g. {string.Join(", ", classes.Take(3).Select(c => $"'{c}'"))}): its images are enrolled by class name.");
        }
    }

    /// <summary>
    /// A run written into a data folder becomes part of it: the next training on that folder took the run's folder as a
    /// class of its plots (loss.png, roc.png, distances.png), and a run written at its root left them beside the classes.
    /// </summary>
    private static void CheckOutputOutsideData(string output, string? data, string option)
    {
        if (data is null)
        {
            return;
        }

        var run = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(data));
        if (run == folder || run.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"--out '{output}' is inside {option} '{data}': the run's files would join the data (its plots became a class of the next " +
                $"training on that folder). Write the run elsewhere, e.g. --out {Path.Combine(Path.GetDirectoryName(folder) ?? ".", Path.GetFileName(folder) + "-run")}.");
        }
    }

    /// <summary>Classes of one image are left out of the split (they can neither train nor be tested): the run names them.</summary>
    internal static void ReportSingleImageClasses(IReadOnlyList<string> single, TextWriter log)
    {
        if (single.Count > 0)
        {
            log.WriteLine($"Left out: {single.Count} {(single.Count == 1 ? "class" : "classes")} with a single image ({string.Join(", ", single.Take(5))}{(single.Count > 5 ? ", …" : "")}): a class needs two images or more to train on or to be tested.");
        }
    }

    /// <summary>What the run says about its --gallery figure, or why it has none.</summary>
    internal static string GalleryLine(string gallery, OneShotResult? enrolled, int testIdentities) => enrolled is null
        ? $"Against the gallery ({gallery}): no figure, it has images of fewer than two of the {testIdentities} test identities."
        : $"Against the gallery ({gallery}): {enrolled.Ways}-way {enrolled.Accuracy:P1} [{enrolled.Ci95[0]:P1}, {enrolled.Ci95[1]:P1}] over {enrolled.Episodes} episodes.";

    /// <summary>Test identities identified against the --gallery images (cut and preprocessed as the training images).</summary>
    private OneShotResult? EnrolledGallery(TrainOptions options, PreparedData data, Tower tower, EmbeddedImages test)
    {
        var gallery = FaceAlignment.Apply(GrayDataset.Load(options.Gallery!), options, log);
        var identity = data.Dataset.Identities.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var images = Enumerable.Range(0, gallery.Items.Count).Where(i => identity.ContainsKey(gallery.Items[i].Label)).ToArray();
        var set = new ImageSet(gallery, data.Set.Preprocessor);
        var embeddings = new TowerEmbedder(tower).Embed([.. images.Select(i => set.Inputs[i])]);
        var result = EnrolledGalleryEvaluator.Evaluate(test, [.. images.Select((i, k) => (identity[gallery.Items[i].Label], embeddings[k]))], options.Ways, options.Episodes, new Random(options.Seed + 3));
        log.WriteLine(GalleryLine(options.Gallery!, result, data.Split.Test.Count));
        return result;
    }

    private RunReport TrainAndEvaluate(TrainOptions options, PreparedData data, CheckpointState? resumed)
    {
        if (options.Tower == TowerKind.Face && resumed is null && options.ConvShare > 0)
        {
            log.WriteLine($"Face tower: patch maps fitted in closed form on the training faces, then a conv companion trained as the conv tower would be ({options.Loss.ToString().ToLowerInvariant()} loss, learning rate {options.LearningRate:G3}, up to {options.Epochs} epochs of {options.PairsPerEpoch:N0} pairs), joined with {options.ConvShare:P0} of every squared distance if held-out training identities say it helps.");
        }
        else if (options.Tower == TowerKind.Face && resumed is null)
        {
            var settings = new FaceTrainingSettings();
            options = settings.Apply(options, data.TrainImages.Length);
            log.WriteLine($"Face tower: patch maps fitted in closed form on the training faces{(options.Mirror ? " and their mirror images" : "")}, then {settings.Describe(data.TrainImages.Length)}.");
        }

        var towerOptions = options.ToTowerOptions();
        torch.manual_seed(options.Seed);
        using var tower = TowerFactory.Create(towerOptions);
        log.WriteLine($"Tower: {options.Tower}, {tower.parameters().Sum(p => p.numel())} parameters, embedding {tower.EmbeddingDimension}, input {options.InputHeight}x{options.InputWidth}.");

        var inputs = data.Set.Inputs;
        var ids = data.Dataset.IdentityOfImage;
        // The steps may draw turned copies of the training images as classes of their own; everything else reads the data's own images.
        var (trainingInputs, trainingIds, trainImages) = options.TrainsRotatedClasses
            ? RotatedClasses.Add(inputs, ids, data.TrainImages, data.Dataset.Identities.Count, options.InputHeight, options.InputWidth)
            : (inputs, ids, data.TrainImages);
        var groups = options.DrawsGroupedSteps ? IdentitySplitter.IdentityGroups(data.Dataset.Identities, options.SplitGroups!) : null;
        var drawBatches = BatchSource(options, trainingIds, trainImages, groupOfIdentity: groups);
        // Without validation identities the threshold can only come from training identities (optimistic).
        var calibrationImages = data.ValidationImages.Length > 0 ? data.ValidationImages : data.TrainImages;
        var validator = new Validator(inputs, ids, calibrationImages, options.Margin, options.CalibrateFar, seenInTraining: data.ValidationImages.Length == 0);
        var augmenter = options.Augment ? new Augmenter(options.Augmentation, data.Pixels) : null;
        var store = new CheckpointStore(CheckpointStore.FolderOf(options.Output));
        var state = resumed ?? new CheckpointState { Epoch = 0, Options = options, Split = data.Split, Pixels = data.Pixels, History = [] };

        var borders = options.SceneBorders ? SceneBorders.For(data.Dataset, data.Pixels, options.InputHeight, options.InputWidth) : null;
        float threshold;
        CalibrationBasis? calibration;
        CohortReport? cohortReport = null;
        if (tower is PatchTower patch)
        {
            state = new PatchTraining(options, log).Fit(patch, inputs, ids, data.TrainImages, data.ValidationImages.Length > 0 ? validator : null, borders, store, state);
            (threshold, calibration) = (state.Threshold, state.Calibration);
        }
        else if (tower is FaceTower face && data.ValidationImages.Length == 0)
        {
            // Threshold cross-validated before training (FaceTraining), kept in the state through a resume.
            state = new FaceTraining(options, log).Fit(face, inputs, ids, data.TrainImages, null, borders, augmenter, store, state);
            (threshold, calibration) = (state.Threshold, state.Calibration);
            if (state.CohortNearest > 0)
            {
                // The folds chose it and calibrated the threshold on scaled embeddings; the cohort is every training person.
                face.SetCohort(FaceTraining.CohortOf(face, inputs, ids, data.TrainImages, state.CohortNearest));
                log.WriteLine($"Cohort scaling: the model divides each embedding by its mean distance to the {face.Cohort!.Nearest} nearest of the {face.Cohort.People} training people after the nearest ({face.Cohort.Faces:N0} faces in the model). " +
                    "The model file holds an embedding of each of those training faces: keep it as you keep their photos (--cohort-people 0 trains a model without them).");
            }

            cohortReport = face.Cohort is { } held && state.Cohort is { } judged ? judged with { People = held.People, Faces = held.Faces } : state.Cohort;

            log.WriteLine($"Trained {state.Epoch} epochs; {state.TrainSeconds:F0}s with the threshold folds.");
        }
        else if (tower is FaceTower faceWithValidation)
        {
            if (options.CohortPeople is > 0)
            {
                log.WriteLine($"--cohort-people {options.CohortPeople}: not tried; cohort scaling is chosen by the threshold folds over the training identities, and this run calibrates on its validation identities instead (--val-identities 0 for the folds).");
            }

            state = new FaceTraining(options, log).Fit(faceWithValidation, inputs, ids, data.TrainImages, validator, borders, augmenter, store, state);
            var scored = validator.Score(tower);
            (threshold, calibration) = (scored.Threshold, scored.Basis);
            log.WriteLine($"Trained {state.Epoch} epochs in {state.TrainSeconds:F0}s (best: epoch {state.BestEpoch}).");
        }
        else
        {
            state = new Trainer(options, log).Fit(tower, trainingInputs, drawBatches, data.ValidationImages.Length > 0 ? validator : null, augmenter, store, state, borders);
            var scored = validator.Score(tower);
            (threshold, calibration) = (scored.Threshold, scored.Basis);
            log.WriteLine($"Trained {state.Epoch} epochs in {state.TrainSeconds:F0}s (best: epoch {state.BestEpoch}).");
        }

        ReportCalibration(log, threshold, calibration);

        var embeddings = new TowerEmbedder(tower).Embed(inputs);
        var test = new EmbeddedImages(embeddings, ids, data.TestImages);
        var evaluation = Evaluator.Evaluate(test, threshold, options.Ways, options.Episodes, options.Seed);
        var enrolled = options.Gallery is null ? null : EnrolledGallery(options, data, tower, test);

        var metadata = MetadataBuilder.Build(options, data, tower, threshold, evaluation, store.BestWeightsPath);
        var modelPath = Path.Combine(options.Output, "model.onnx");
        OnnxExporter.Export(tower, metadata, modelPath);
        var onnxDifference = OnnxParity.MaxAbsDifference(modelPath, data.TestImages.Select(i => inputs[i]).ToArray(), data.TestImages.Select(i => embeddings[i]).ToArray());
        Json.Write(store.StatePath, state with { Threshold = threshold });

        var report = new RunReport
        {
            Model = new ModelInfo(metadata.Name, metadata.Version, options.Tower.ToString().ToLowerInvariant(), tower.EmbeddingDimension, $"{options.InputHeight}x{options.InputWidth}", data.Pixels.Mean, data.Pixels.Std, Path.GetFullPath(modelPath)),
            Config = options,
            Identities = new IdentityCounts(data.Split.Train.Count, data.Split.Validation.Count, data.Split.Test.Count),
            Split = new SplitReport(data.Split.Train, data.Split.Validation, data.Split.Test),
            Images = new IdentityCounts(data.TrainImages.Length, data.ValidationImages.Length, data.TestImages.Length),
            Threshold = threshold,
            ThresholdFar = options.CalibrateFar,
            Calibration = calibration,
            TrainSeconds = Math.Round(state.TrainSeconds, 1),
            EpochsRun = state.Epoch,
            BestEpoch = state.BestEpoch,
            Verification = evaluation.Verification,
            OneShot = evaluation.OneShot,
            OpenSet = evaluation.OpenSet,
            GalleryFirst = evaluation.GalleryFirst,
            Classic = evaluation.Classic,
            EnrolledGallery = enrolled,
            Cohort = cohortReport,
            OnnxMaxAbsDifference = onnxDifference,
            History = state.History,
        };
        log.WriteLine(ReportText.Headline(report));
        ReportWriter.Write(options.Output, report);
        Plots.Write(options.Output, report, evaluation);
        return report;
    }
}
