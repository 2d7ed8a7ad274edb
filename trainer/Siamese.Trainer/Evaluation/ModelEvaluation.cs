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
    /// <param name="detectorModel">The YuNet model for a face model's alignment (null: the shared models folder's).</param>
    /// <param name="log">Where the alignment says how many faces it found (null: nowhere).</param>
    public static EvalReport Run(string model, string? dataFolder, bool allIdentities, int ways, int episodes, int seed, string? detectorModel = null, TextWriter? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        log ??= TextWriter.Null;
        if (model.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            using var onnx = new OnnxEmbedder(model);
            var data = dataFolder ?? throw new ArgumentException("--data is required with an ONNX model.");
            var metadata = onnx.Metadata;
            var align = metadata.Crop == ModelCrops.YuNetAligned ? AlignMode.YuNet : AlignMode.None;
            return Evaluate(model, data, new OnnxInputEmbedder(onnx), onnx.Preprocessor, metadata.Threshold, allIdentities ? null : RecordedTestIdentities(metadata), ways, episodes, seed, align, detectorModel, log);
        }

        var (state, directory) = CheckpointStore.Load(model);
        var options = state.Options;
        if (options.Tower == TowerKind.Backbone)
        {
            throw new ArgumentException("A backbone checkpoint holds only the head: evaluate the run's model.onnx (or export the checkpoint first).");
        }

        using var tower = TowerFactory.Load(options.ToTowerOptions(), Path.Combine(directory, state.BestWeights));
        var folder = dataFolder ?? (options.Synthetic ? Path.Combine(options.Output, "data") : options.Data)
            ?? throw new ArgumentException("--data is required: the checkpoint names no data folder.");
        var preprocessor = new Preprocessor(options.InputHeight, options.InputWidth, state.Pixels.Mean, state.Pixels.Std);
        return Evaluate(model, folder, new TowerEmbedder(tower), preprocessor, state.Threshold, allIdentities ? null : state.Split.Test, ways, episodes, seed, options.Align, detectorModel ?? options.DetectorModel, log);
    }

    /// <param name="align">How the model's training images were cut (the crops at the preprocessor's input size).</param>
    private static EvalReport Evaluate(string model, string folder, IInputEmbedder embedder, Preprocessor preprocessor, float threshold, IReadOnlyList<string>? recorded, int ways, int episodes, int seed, AlignMode align, string? detectorModel, TextWriter log)
    {
        if (preprocessor.Channels == 3)
        {
            return align == AlignMode.None
                ? EvaluateColour(model, folder, embedder, preprocessor, threshold, recorded, ways, episodes, seed)
                : throw new ArgumentException($"'{model}' is a colour model of {ModelCrops.YuNetAligned} crops: evaluate aligns gray faces only (the trainer trains no such model).");
        }

        var loaded = GrayDataset.Load(folder);
        var usable = loaded.Identities.Where(label => loaded.ImagesOf([label]).Length >= 2).ToArray();
        var identities = recorded is not null && recorded.Count >= 2 && recorded.All(usable.Contains) ? recorded : usable;
        var images = loaded.ImagesOf(identities);
        var dataset = FaceAlignment.Apply(loaded, align, detectorModel, preprocessor.InputHeight, preprocessor.InputWidth, log, only: images);
        var set = new ImageSet(dataset, preprocessor);
        var inputs = images.Select(i => set.Inputs[i]).ToArray();
        var embedded = embedder.Embed(inputs);
        var all = new float[dataset.Items.Count][];
        for (var k = 0; k < images.Length; k++)
        {
            all[images[k]] = embedded[k];
        }

        var figures = Evaluator.Evaluate(new EmbeddedImages(all, dataset.IdentityOfImage, images), threshold, ways, episodes, seed);
        return new EvalReport(Path.GetFullPath(model), Path.GetFullPath(folder), identities, images.Length, threshold, figures);
    }

    /// <summary>
    /// A colour model: images decoded in colour and embedded a chunk at a time (a 3×224×224 input is 600 KB, so a
    /// whole dataset of them is not kept in memory).
    /// </summary>
    private static EvalReport EvaluateColour(string model, string folder, IInputEmbedder embedder, Preprocessor preprocessor, float threshold, IReadOnlyList<string>? recorded, int ways, int episodes, int seed)
    {
        const int chunk = 64;
        var items = FolderDataset.Scan(folder);
        var labels = items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(NaturalComparer.Instance).ToList();
        var identityOfImage = items.Select(i => labels.IndexOf(i.Label)).ToArray();
        var usable = labels.Where(label => items.Count(i => i.Label == label) >= 2).ToArray();
        var identities = recorded is not null && recorded.Count >= 2 && recorded.All(usable.Contains) ? recorded : usable;
        var images = Enumerable.Range(0, items.Count).Where(i => identities.Contains(items[i].Label)).ToArray();
        var all = new float[items.Count][];
        foreach (var part in images.Chunk(chunk))
        {
            var inputs = new float[part.Length][];
            Parallel.For(0, part.Length, k => inputs[k] = preprocessor.ToTensor(ImageDecoder.LoadRgb(items[part[k]].Path)));
            var embedded = embedder.Embed(inputs);
            for (var k = 0; k < part.Length; k++)
            {
                all[part[k]] = embedded[k];
            }
        }

        var figures = Evaluator.Evaluate(new EmbeddedImages(all, identityOfImage, images), threshold, ways, episodes, seed);
        return new EvalReport(Path.GetFullPath(model), Path.GetFullPath(folder), identities, images.Length, threshold, figures);
    }

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
