using Siamese.Inference;

namespace Siamese.Embed;

/// <summary>Opens <see cref="EmbedOptions.ModelPath"/> in ONNX Runtime on the configured execution provider.</summary>
public sealed class OnnxModelLoader : IEmbeddingModelLoader
{
    public IEmbeddingModel Load(EmbedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OnnxEmbedder(options.ModelPath, options.ExecutionProvider, options.IntraOpThreads, options.RequireGpu);
    }
}
