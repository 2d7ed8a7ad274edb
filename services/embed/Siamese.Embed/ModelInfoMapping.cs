using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Embed;

/// <summary>The loaded model as the wire's <see cref="ModelInfo"/>.</summary>
public static class ModelInfoMapping
{
    public static ModelInfo ToProto(this EmbedderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.Metadata;
        return new ModelInfo
        {
            Name = m.Name,
            Version = m.Version,
            ModelId = m.ModelId,
            InputHeight = m.InputHeight,
            InputWidth = m.InputWidth,
            PixelMean = m.PixelMean,
            PixelStd = m.PixelStd,
            EmbeddingDimension = m.EmbeddingDimension,
            Distance = m.Distance,
            Threshold = m.Threshold,
            ThresholdFalseAcceptRate = m.ThresholdFalseAcceptRate,
            ExecutionProvider = Name(model.ActiveProvider),
            RequestedExecutionProvider = Name(model.RequestedProvider),
            ExecutionProviderNote = model.ProviderNote ?? "",
            TrainingData = m.TrainingData,
            Evaluation = m.Evaluation,
            Crop = m.Crop,
        };
    }

    /// <summary>The provider's conventional spelling: CPU, CUDA, TensorRT.</summary>
    public static string Name(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cpu => "CPU",
        ExecutionProvider.Cuda => "CUDA",
        _ => provider.ToString(),
    };
}
