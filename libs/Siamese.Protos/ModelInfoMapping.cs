using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Protos;

/// <summary>
/// The model's metadata as the wire's <see cref="ModelInfo"/> and back: the one mapping, used by embed and match to
/// answer GetModelInfo and by match to learn the model from a remote embed service.
/// </summary>
public static class ModelInfoMapping
{
    /// <summary>The metadata with the execution provider in use (conventional spelling: CPU, CUDA, TensorRT), the one asked for, and why they differ.</summary>
    public static ModelInfo ToModelInfo(this ModelMetadata metadata, string executionProvider, string requestedExecutionProvider, string? executionProviderNote)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelInfo
        {
            Name = metadata.Name,
            Version = metadata.Version,
            ModelId = metadata.ModelId,
            InputHeight = metadata.InputHeight,
            InputWidth = metadata.InputWidth,
            PixelMean = metadata.PixelMean,
            PixelStd = metadata.PixelStd,
            EmbeddingDimension = metadata.EmbeddingDimension,
            Distance = metadata.Distance,
            Threshold = metadata.Threshold,
            ThresholdFalseAcceptRate = metadata.ThresholdFalseAcceptRate,
            ExecutionProvider = executionProvider ?? "",
            RequestedExecutionProvider = requestedExecutionProvider ?? "",
            ExecutionProviderNote = executionProviderNote ?? "",
            TrainingData = metadata.TrainingData,
            Evaluation = metadata.Evaluation,
            Crop = metadata.Crop,
            InputChannels = metadata.InputChannels,
        };
    }

    /// <summary>The metadata a <see cref="ModelInfo"/> carries (an empty crop rule means <see cref="ModelCrops.Resize"/>).</summary>
    public static ModelMetadata ToModelMetadata(this ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new ModelMetadata
        {
            Name = info.Name,
            Version = info.Version,
            InputHeight = info.InputHeight,
            InputWidth = info.InputWidth,
            PixelMean = info.PixelMean,
            PixelStd = info.PixelStd,
            EmbeddingDimension = info.EmbeddingDimension,
            Distance = info.Distance,
            Threshold = info.Threshold,
            ThresholdFalseAcceptRate = info.ThresholdFalseAcceptRate,
            TrainingData = info.TrainingData,
            Evaluation = info.Evaluation,
            Crop = string.IsNullOrEmpty(info.Crop) ? ModelCrops.Resize : info.Crop,
            InputChannels = info.InputChannels == 0 ? 1 : info.InputChannels,
        };
    }
}
