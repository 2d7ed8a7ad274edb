using Siamese.Inference;

namespace Siamese.Embed;

/// <summary>Opens the model the options name (ONNX Runtime in production; a fake in tests).</summary>
public interface IEmbeddingModelLoader
{
    IEmbeddingModel Load(EmbedOptions options);
}
