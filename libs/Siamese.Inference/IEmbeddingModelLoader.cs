namespace Siamese.Inference;

/// <summary>Opens the model file (ONNX Runtime in production; a fake in tests) as the options say.</summary>
public interface IEmbeddingModelLoader
{
    IEmbeddingModel Load(string modelPath, EmbedOptions options);
}
