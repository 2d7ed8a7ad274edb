using System.Text.Json;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Evaluation;

/// <summary>
/// Evaluates a finished model (model.onnx, as served, or a checkpoint) on a folder. By default only the test
/// identities recorded in the model are used when the folder has them, so a model is never scored on identities
/// it trained on; otherwise (another dataset, or --all-identities) every identity with two or more images. Images are
/// cut as the model's training images were: a model of <see cref="ModelCrops.YuNetAligned"/> crops (trained with
/// --align yunet) is scored on the YuNet-aligned faces, as the trainer and the detect service cut them.
/// </summary>
public static class ModelEvaluation
{
    /// <param name="log">Where the alignment says how many faces it found (null: nowhere).</param>
    public static EvalReport Run(EvaluationRequest request, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model);
        log ??= TextWriter.Null;
        if (request.Ways is < 0 or 1)
        {
            throw new ArgumentException($"--ways must be 0 (every identity scored) or at least 2, not {request.Ways}.");
        }

        if (request.Episodes < 1)
        {
            throw new ArgumentException($"--episodes must be at least 1, not {request.Episodes}.");
        }

        if (request.Gallery is { } gallery && FolderDataset.NotAFolder(gallery, "--gallery") is { } notAFolder)
        {
            throw new ArgumentException(notAFolder);
        }

        if (request.Model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            using var onnx = new OnnxEmbedder(request.Model);
            var data = request.Data ?? throw new ArgumentException("--data is required with an ONNX model.");
            var metadata = onnx.Metadata;
            var align = metadata.Crop == ModelCrops.YuNetAligned ? AlignMode.YuNet : AlignMode.None;
            var scoring = new Scoring(data, new OnnxInputEmbedder(onnx), onnx.Preprocessor, metadata.Threshold, request.AllIdentities ? null : RecordedTestIdentities(metadata), align, request.DetectorModel);
            return Evaluate(request, scoring, log);
        }

        var (state, directory) = CheckpointStore.Load(request.Model);
        var options = state.Options;
        if (options.Tower == TowerKind.Backbone)
        {
            throw new ArgumentException("A backbone checkpoint holds only the head: evaluate the run's model.onnx (or export the checkpoint first).");
        }

        using var tower = TowerFactory.Load(options.ToTowerOptions(), Path.Combine(directory, state.BestWeights));
        var folder = RunData.Folder(options, request.Data);
        var preprocessor = new Preprocessor(options.InputHeight, options.InputWidth, state.Pixels.Mean, state.Pixels.Std);
        var fromCheckpoint = new Scoring(folder, new TowerEmbedder(tower), preprocessor, state.Threshold, request.AllIdentities ? null : state.Split.Test, options.Align, request.DetectorModel ?? options.DetectorModel);
        return Evaluate(request, fromCheckpoint, log);
    }

    private static EvalReport Evaluate(EvaluationRequest request, Scoring scoring, TextWriter log)
    {
        if (scoring.Preprocessor.Channels == 3 && scoring.Align != AlignMode.None)
        {
            throw new ArgumentException($"'{request.Model}' is a colour model of {ModelCrops.YuNetAligned} crops: evaluate aligns gray faces only (the trainer trains no such model).");
        }

        // Images are decoded as the model takes them: gray once for the whole folder (and aligned where the model's
        // were), colour a chunk at a time (a 3×224×224 input is 600 KB, so a whole dataset of them is not kept).
        var scanned = DuplicateImages.Scan(scoring.Folder);
        scanned.Report(log);
        FolderDataset.ReportNotRead(scoring.Folder, log);
        var items = scanned.Kept;
        var labels = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(NaturalComparer.Instance).ToList();
        var identityOf = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var identityOfImage = items.Select(i => identityOf[i.Label]).ToArray();
        var imagesOf = items.CountBy(i => i.Label, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var usable = labels.Where(label => imagesOf[label] >= 2).ToArray();
        var identities = scoring.Recorded is { Count: >= 2 } recorded && recorded.All(usable.Contains) ? recorded : usable;
        if (!ReferenceEquals(identities, scoring.Recorded))
        {
            // Every identity of the folder is scored: say so where the model's own test identities were not found
            // (before, the figure silently covered other identities), and name the classes that cannot be scored.
            if (scoring.Recorded is { Count: >= 2 } notFound)
            {
                log.WriteLine($"The model's {notFound.Count} test identities are not all in '{scoring.Folder}' with two images or more ({notFound.Count(usable.Contains)} are): every identity of the folder with two or more is scored instead ({usable.Length}).");
            }

            TrainingPipeline.ReportSingleImageClasses([.. labels.Where(label => imagesOf[label] == 1)], log);
        }

        var scored = identities.ToHashSet(StringComparer.Ordinal);
        var images = Enumerable.Range(0, items.Count).Where(i => scored.Contains(items[i].Label)).ToArray();
        if (request.Ways > identities.Count)
        {
            throw new ArgumentException($"--ways {request.Ways}: {identities.Count} identities are scored, so the episodes can be at most {identities.Count}-way.");
        }

        (IReadOnlyList<LabeledImage> Items, int[] Images)? enrolment = request.Gallery is { } gallery ? EnrolmentImages(gallery, scored) : null;

        var embedded = Embed(scoring, items, images, log);
        var all = new float[items.Count][];
        for (var k = 0; k < images.Length; k++)
        {
            all[images[k]] = embedded[k];
        }

        var probes = new EmbeddedImages(all, identityOfImage, images);
        var figures = Evaluator.Evaluate(probes, scoring.Threshold, request.Ways, request.Episodes, request.Seed);
        var report = new EvalReport(Path.GetFullPath(request.Model), Path.GetFullPath(scoring.Folder), identities, images.Length, scoring.Threshold, figures);
        if (enrolment is null)
        {
            return report;
        }

        var (galleryItems, galleryImages) = enrolment.Value;
        var enrolled = Embed(scoring, galleryItems, galleryImages, log);
        var entries = galleryImages.Select((i, k) => (identityOf[galleryItems[i].Label], enrolled[k])).ToArray();
        // The trainer's draws for the same seed (its gallery task draws with seed + 3): a checkpoint gives its figure.
        var result = EnrolledGalleryEvaluator.Evaluate(probes, entries, request.Ways, request.Episodes, new Random(request.Seed + 3));
        return report with { Gallery = Path.GetFullPath(request.Gallery!), GalleryImages = galleryImages.Length, EnrolledGallery = result };
    }

    /// <summary>The gallery's images of scored identities (indices into its scan), refused unless two or more identities have one.</summary>
    private static (IReadOnlyList<LabeledImage> Items, int[] Images) EnrolmentImages(string gallery, HashSet<string> scored)
    {
        var items = FolderDataset.Scan(gallery);
        var images = Enumerable.Range(0, items.Count).Where(i => scored.Contains(items[i].Label)).ToArray();
        var covered = images.Select(i => items[i].Label).Distinct(StringComparer.Ordinal).Count();
        if (covered < 2)
        {
            throw new ArgumentException(
                $"--gallery '{gallery}' has images of {covered} of the {scored.Count} identities scored; it needs two or more. " +
                "Its sub-folders must be named as the data folder's classes (e.g. " + string.Join(", ", scored.Order(NaturalComparer.Instance).Take(3).Select(l => $"'{l}'")) + ").");
        }

        return (items, images);
    }

    /// <summary>The embeddings of the images <paramref name="images"/> (indices into <paramref name="items"/>, a folder's scan), cut as the model's training images were.</summary>
    private static float[][] Embed(Scoring scoring, IReadOnlyList<LabeledImage> items, int[] images, TextWriter log)
    {
        if (scoring.Preprocessor.Channels == 3)
        {
            const int chunk = 64;
            var colour = new List<float[]>(images.Length);
            foreach (var part in images.Chunk(chunk))
            {
                var inputs = new float[part.Length][];
                Parallel.For(0, part.Length, k => inputs[k] = scoring.Preprocessor.ToTensor(ImageFiles.LoadRgb(items[part[k]].Path)));
                colour.AddRange(scoring.Embedder.Embed(inputs));
            }

            return [.. colour];
        }

        var dataset = FaceAlignment.Apply(GrayDataset.Load(items), scoring.Align, scoring.DetectorModel, scoring.Preprocessor.InputHeight, scoring.Preprocessor.InputWidth, log, only: images);
        var set = new ImageSet(dataset, scoring.Preprocessor);
        return scoring.Embedder.Embed([.. images.Select(i => set.Inputs[i])]);
    }

    /// <summary>The model as it is scored: the folder, how it embeds, how its images are cut, what it was tested on.</summary>
    /// <param name="Recorded">The test identities the model recorded (null: every identity of the folder).</param>
    /// <param name="Align">How the model's training images were cut (the crops at the preprocessor's input size).</param>
    private sealed record Scoring(string Folder, IInputEmbedder Embedder, Preprocessor Preprocessor, float Threshold, IReadOnlyList<string>? Recorded, AlignMode Align, string? DetectorModel);

    /// <summary>The test identities the trainer wrote into the model's training-data summary, if any.</summary>
    private static string[]? RecordedTestIdentities(ModelMetadata metadata)
    {
        try
        {
            using var summary = JsonDocument.Parse(metadata.TrainingData);
            return summary.RootElement.TryGetProperty("split", out var split) && split.TryGetProperty("test_identities", out var test)
                ? [.. test.EnumerateArray().Select(e => e.GetString() ?? "")]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
