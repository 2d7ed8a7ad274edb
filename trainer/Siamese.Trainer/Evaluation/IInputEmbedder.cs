namespace Siamese.Trainer.Evaluation;

/// <summary>
/// Maps preprocessed [H,W] planes to embeddings: the TorchSharp tower during training (<see cref="TowerEmbedder"/>),
/// or an exported model through the services' <see cref="Inference.OnnxEmbedder"/> (<see cref="OnnxInputEmbedder"/>).
/// </summary>
public interface IInputEmbedder
{
    float[][] Embed(IReadOnlyList<float[]> inputs);
}
