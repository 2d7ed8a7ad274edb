using Siamese.Trainer.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// Adam whose step hands libtorch only Scalars it holds (<see cref="HeldScalars"/>): TorchSharp's passes β₁, 1 − β₁,
/// ε and the step size as Scalars it lets go of, once per parameter per step. The same update, term by term and in the
/// same order (Kingma and Ba 2015, with TorchSharp's options: weight decay added to the gradient, AMSGrad, maximize),
/// and TorchSharp's state, so checkpoints of either load into the other.
/// </summary>
public sealed class HeldAdam(
    IEnumerable<Parameter> parameters, double learningRate, double weightDecay, bool amsgrad = false, bool maximize = false)
    : Adam(parameters, learningRate, weight_decay: weightDecay, amsgrad: amsgrad, maximize: maximize)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<Adam.ParamGroup>(group =>
    {
        var options = group.Options;
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, decay = options.weight_decay!.Value;
        using var firstDecay = beta1.ToScalar();
        using var firstRest = (1.0 - beta1).ToScalar();
        using var secondDecay = beta2.ToScalar();
        using var secondRest = (1.0 - beta2).ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        using var weightDecay = decay.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            if (HeldSteps.Gradient(parameter, options.maximize!.Value, decay, weightDecay) is not { } gradient)
            {
                continue;
            }

            var state = (State)_state[parameter.Handle];
            state.step++;
            var firstCorrection = 1.0 - Math.Pow(beta1, state.step);
            var secondCorrection = 1.0 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(firstDecay).add_(gradient, firstRest);
            state.exp_avg_sq.mul_(secondDecay).addcmul_(gradient, gradient.conj(), secondRest);
            using var root = Math.Sqrt(secondCorrection).ToScalar();
            Tensor denominator;
            if (options.amsgrad!.Value)
            {
                var previous = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previous, state.exp_avg_sq).DetachFromDisposeScope();
                previous.Dispose();
                denominator = state.max_exp_avg_sq.sqrt().div(root).PlusInPlace(epsilon);
            }
            else
            {
                denominator = state.exp_avg_sq.sqrt().div(root).PlusInPlace(epsilon);
            }

            using var stepSize = (0.0 - (options.LearningRate!.Value / firstCorrection)).ToScalar();
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}

/// <summary>
/// RMSProp whose step hands libtorch only Scalars it holds (<see cref="HeldScalars"/>), for the same reason as
/// <see cref="HeldAdam"/>: the same update as TorchSharp's, term by term (centred, momentum, weight decay, maximize),
/// and its state.
/// </summary>
public sealed class HeldRmsProp(
    IEnumerable<Parameter> parameters, double learningRate, double weightDecay, double momentum = 0.0, bool centered = false,
    bool maximize = false)
    : RMSProp(parameters, learningRate, weight_decay: weightDecay, momentum: momentum, centered: centered, maximize: maximize)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<RMSProp.ParamGroup>(group =>
    {
        var options = group.Options;
        double alpha = options.alpha!.Value, momentum = options.momentum!.Value, decay = options.weight_decay!.Value;
        using var averageDecay = alpha.ToScalar();
        using var averageRest = (1.0 - alpha).ToScalar();
        using var momentumDecay = momentum.ToScalar();
        using var epsilon = options.eps!.Value.ToScalar();
        using var weightDecay = decay.ToScalar();
        using var one = 1.ToScalar();
        using var minusOne = (-1).ToScalar();
        using var minusRate = (0.0 - options.LearningRate!.Value).ToScalar();
        foreach (var parameter in group.Parameters)
        {
            if (HeldSteps.Gradient(parameter, options.maximize!.Value, decay, weightDecay) is not { } gradient)
            {
                continue;
            }

            var state = (State)_state[parameter.Handle];
            state.step++;
            state.square_avg.mul_(averageDecay).addcmul_(gradient, gradient, averageRest);
            Tensor denominator;
            if (options.centered!.Value)
            {
                var average = state.grad_avg;
                average.mul_(averageDecay).add_(gradient, averageRest);
                denominator = state.square_avg.addcmul(average, average, minusOne).sqrt_().PlusInPlace(epsilon);
            }
            else
            {
                denominator = state.square_avg.sqrt().PlusInPlace(epsilon);
            }

            if (momentum > 0.0)
            {
                var buffer = state.momentum_buffer;
                buffer.mul_(momentumDecay).addcdiv_(gradient, denominator, one);
                parameter.add_(buffer, minusRate);
            }
            else
            {
                parameter.addcdiv_(gradient, denominator, minusRate);
            }
        }
    }, closure);
}

/// <summary>What both held optimisers do first with a parameter.</summary>
internal static class HeldSteps
{
    /// <summary>The gradient a step follows: negated to maximize, plus weight decay × the parameter; null without one.</summary>
    public static Tensor? Gradient(Parameter parameter, bool maximize, double decay, Scalar weightDecay)
    {
        if (parameter.grad is not { } gradient)
        {
            return null;
        }

        if (maximize)
        {
            gradient = gradient.neg();
        }

        return decay != 0.0 ? gradient.add(parameter, weightDecay) : gradient;
    }
}
