using Microsoft.Extensions.Options;
using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Detect;

/// <summary>
/// The size crops are resized to: the embedding model's input, read from its ONNX metadata, so detect and embed
/// never disagree; <see cref="DetectOptions.CropWidth"/>/<see cref="DetectOptions.CropHeight"/> without a model.
/// </summary>
public sealed record CropSize(int Width, int Height)
{
    public static CropSize FromOptions(IOptions<DetectOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.EmbeddingModelPath))
        {
            return new CropSize(o.CropWidth, o.CropHeight);
        }

        var metadata = ReadMetadata(o.EmbeddingModelPath);
        return new CropSize(metadata.InputWidth, metadata.InputHeight);
    }

    public static ModelMetadata ReadMetadata(string modelPath)
    {
        using var created = InferenceSessionFactory.Create(modelPath, ExecutionProvider.Cpu, 1).Session;
        return ModelMetadata.FromDictionary(created.ModelMetadata.CustomMetadataMap);
    }
}
