using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Scales each row to unit Euclidean length: x / max(‖x‖₂, eps), as <c>functional.normalize</c>. Unit vectors keep
/// distances in [0, 2], so one contrastive margin and one threshold range fit every training run.
/// </summary>
public sealed class L2Normalize(double epsilon = 1e-12) : nn.Module<Tensor, Tensor>(nameof(L2Normalize))
{
    /// <summary>The lower bound of the divisor, also written into the ONNX graph.</summary>
    public double Epsilon { get; } = epsilon;

    public override Tensor forward(Tensor input) => nn.functional.normalize(input, p: 2, dim: 1, eps: Epsilon);
}
