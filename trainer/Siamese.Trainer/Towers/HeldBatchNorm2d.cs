using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// <c>nn.BatchNorm2d</c> (ε 1e-5, momentum 0.1, affine, running statistics) whose training step counts its batch with a
/// Scalar it holds (<see cref="HeldScalars"/>): TorchSharp's adds 1 to <c>num_batches_tracked</c> with a Scalar it lets
/// go of, which with the conv tower's members or the face tower's folds trained side by side ended a suite run in
/// "Unknown scalar type" inside a BatchNorm step. Same parameters, buffers and names, so checkpoints written with
/// either load into the other, and the same computation.
/// </summary>
public sealed class HeldBatchNorm2d(long features)
    : BatchNorm(features, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true, device: null, dtype: null, name: "BatchNorm2d")
{
    public override Tensor forward(Tensor input)
    {
        ValidateInputDimensions(input);
        var factor = momentum ?? 0.0;
        if (training && track_running_stats && num_batches_tracked is { } batches)
        {
            batches.Increment();
            // Without a momentum the running statistics are a plain mean over the batches seen.
            factor = momentum ?? 1.0 / batches.item<long>();
        }

        // Training, or with no running statistics: normalise by the batch's own. Running statistics are updated while
        // training and tracking, and read when not training.
        var batchStatistics = training || (running_mean is null && running_var is null);
        var useRunning = !training || track_running_stats;
        return nn.functional.batch_norm(input, useRunning ? running_mean : null, useRunning ? running_var : null, weight, bias, batchStatistics, factor, eps);
    }

    protected override void ValidateInputDimensions(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ndim != 4)
        {
            throw new ArgumentException($"expected 4D input, but got {input.ndim}D input.", nameof(input));
        }
    }
}
