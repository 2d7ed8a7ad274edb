using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// Plain SGD (no momentum, no weight decay) whose step holds its Scalar: parameter −= rate × gradient, as
/// <c>optim.SGD(parameters, rate)</c> steps, without TorchSharp's Scalars nothing holds (HeldScalarTests).
/// </summary>
internal sealed class PlainSgd(IEnumerable<Parameter> parameters, double rate) : SGD(parameters, rate)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<SGD.ParamGroup>(group =>
    {
        using var minusRate = (0.0 - group.Options.LearningRate!.Value).ToScalar();
        foreach (var parameter in group.Parameters)
        {
            if (parameter.grad is { } gradient)
            {
                parameter.add_(gradient, minusRate);
            }
        }
    }, closure);
}
