using Siamese.Inference;

namespace Siamese.Trainer.Evaluation;

/// <summary>An exported model run by the one <see cref="OnnxEmbedder"/> of libs/Siamese.Inference, as the services run it.</summary>
public sealed class OnnxInputEmbedder(OnnxEmbedder model) : IInputEmbedder
{
    public float[][] Embed(IReadOnlyList<float[]> inputs) => model.EmbedInputs(inputs);
}
