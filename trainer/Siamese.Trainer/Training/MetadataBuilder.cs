using System.Text.Json;
using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Reporting;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>What travels inside model.onnx: input shape, normalisation, threshold, and summaries of data and figures.</summary>
public static class MetadataBuilder
{
    public static ModelMetadata Build(TrainOptions options, PreparedData data, Tower tower, float threshold, EvaluationResult? evaluation, string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Build(options, new DataSummary(data.Name, data.Split, new IdentityCounts(data.TrainImages.Length, data.ValidationImages.Length, data.TestImages.Length), data.Pixels), tower, threshold, evaluation, weightsPath);
    }

    public static ModelMetadata Build(TrainOptions options, DataSummary data, Tower tower, float threshold, EvaluationResult? evaluation, string weightsPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tower);
        var training = new
        {
            dataset = data.Name,
            identities = new IdentityCounts(data.Split.Train.Count, data.Split.Validation.Count, data.Split.Test.Count),
            images = data.Images,
            split = new SplitReport(data.Split.Train, data.Split.Validation, data.Split.Test),
            seed = options.Seed,
            tower = options.Tower,
            members = tower.Members,
            pairs = options.Pairs,
            loss = options.Loss,
            margin = options.Margin,
            augment = options.Augment,
            align = options.Align,
            channels = options.InputChannels,
        };
        var figures = evaluation is null ? null : new
        {
            one_shot = evaluation.OneShot,
            verification = evaluation.Verification,
            gallery_first = evaluation.GalleryFirst,
            open_set = evaluation.OpenSet,
        };
        return new ModelMetadata
        {
            Name = RunNaming.ModelName(data.Name),
            Version = RunNaming.Version(options.Tower.ToString().ToLowerInvariant(), options.Seed, weightsPath),
            InputHeight = options.InputHeight,
            InputWidth = options.InputWidth,
            InputChannels = options.InputChannels,
            PixelMean = data.Pixels.Mean,
            PixelStd = data.Pixels.Std,
            EmbeddingDimension = tower.EmbeddingDimension,
            Threshold = threshold,
            ThresholdFalseAcceptRate = options.CalibrateFar,
            TrainingData = JsonSerializer.Serialize(training, Compact),
            Evaluation = figures is null ? "" : JsonSerializer.Serialize(figures, Compact),
            Crop = options.Align == AlignMode.YuNet ? ModelCrops.YuNetAligned : ModelCrops.Resize,
        };
    }

    /// <summary>What the metadata says of the training data: its name, split, image counts and pixel statistics.</summary>
    public sealed record DataSummary(string Name, IdentitySplit Split, IdentityCounts Images, PixelStatistics Pixels);

    private static readonly JsonSerializerOptions Compact = new(Json.Options) { WriteIndented = false };
}
