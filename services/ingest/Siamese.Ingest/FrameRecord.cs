namespace Siamese.Ingest;

/// <summary>
/// One frame in the store. The view is immutable and swapped whole, so readers never see half an update;
/// <see cref="Accepted"/> completes once the frame is on the bus (or faults when it could not be put there).
/// </summary>
internal sealed class FrameRecord(FrameView initial, string? idempotencyScope)
{
    private readonly Lock _gate = new();
    private FrameView _view = initial;

    public Guid FrameId { get; } = initial.FrameId;

    public string? IdempotencyScope { get; } = idempotencyScope;

    /// <summary>What the frame held (image and regions, hashed) when it came with an idempotency key; else null.</summary>
    public string? Fingerprint { get; init; }

    public TaskCompletionSource Accepted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FrameView View => Volatile.Read(ref _view);

    /// <summary>The first outcome wins: a redelivered result or a late fault never overwrites it.</summary>
    public bool TryFinish(FrameView finished)
    {
        lock (_gate)
        {
            if (_view.Status != FrameState.Queued)
            {
                return false;
            }

            Volatile.Write(ref _view, finished);
            return true;
        }
    }
}
