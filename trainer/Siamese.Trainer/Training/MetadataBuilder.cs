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
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tower);
        var training = new
        {
            dataset = data.Name,
            identities = new IdentityCounts(data.Split.Train.Count, data.Split.Validation.Count, data.Split.Test.Count),
            images = new IdentityCounts(data.TrainImages.Length, data.ValidationImages.Length, data.TestImages.Length),
            split = new SplitReport(data.Split.Train, data.Split.Validation, data.Split.Test),
            seed = options.Seed,
            tower = options.Tower,
            pairs = options.Pairs,
            margin = options.Margin,
            augment = options.Augment,
            align = options.Align,
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

    private static readonly JsonSerializerOptions Compact = new(Json.Options) { WriteIndented = false };
}
