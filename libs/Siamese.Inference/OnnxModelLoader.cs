namespace Siamese.Inference;

/// <summary>Opens the model in ONNX Runtime on the configured execution provider.</summary>
public sealed class OnnxModelLoader : IEmbeddingModelLoader
{
    public IEmbeddingModel Load(string modelPath, EmbedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OnnxEmbedder(modelPath, options.ExecutionProvider, options.IntraOpThreads, options.RequireGpu);
    }
}
