namespace Siamese.Trainer.Evaluation;

/// <summary>Maps preprocessed [H,W] planes to embeddings: a TorchSharp tower or an exported ONNX model.</summary>
public interface IEmbedder
{
    float[][] Embed(IReadOnlyList<float[]> inputs);
}
