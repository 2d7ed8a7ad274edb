namespace Siamese.Inference;

/// <summary>Preprocessed crops of one caller waiting for the model: [Count,1,H,W] in <see cref="Input"/>.</summary>
internal sealed class PendingBatch(float[] input, int count)
{
    public float[] Input { get; } = input;

    public int Count { get; } = count;

    public long EnqueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Completes with [Count,D] embeddings, row-major.</summary>
    public TaskCompletionSource<float[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
