using Siamese.Protos;
using Siamese.Protos.V1;

namespace Siamese.Inference;

/// <summary>The loaded model as GetModelInfo answers it (embed's and match's), through the one metadata mapping of Siamese.Protos.</summary>
public static class EmbedderModelInfo
{
    public static ModelInfo ToModelInfo(this EmbedderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var info = model.Metadata.ToModelInfo(
            ExecutionProviders.Name(model.ActiveProvider), ExecutionProviders.Name(model.RequestedProvider), model.ProviderNote);
        info.TrainingData = PublicTrainingData.Of(info.TrainingData);
        return info;
    }

    /// <summary>The model a remote embed service reports.</summary>
    public static EmbedderModel ToEmbedderModel(this ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new EmbedderModel(info.ToModelMetadata(), ExecutionProviders.Parse(info.RequestedExecutionProvider),
            ExecutionProviders.Parse(info.ExecutionProvider), string.IsNullOrEmpty(info.ExecutionProviderNote) ? null : info.ExecutionProviderNote);
    }
}
