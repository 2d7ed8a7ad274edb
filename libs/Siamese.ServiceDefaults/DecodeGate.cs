namespace Siamese.ServiceDefaults;

/// <summary>
/// Bounds the expensive path (decoding a picture and running the detector on it): at most <see cref="Concurrency"/> at
/// once, at most <see cref="QueueLength"/> more waiting; beyond that a call is refused at once with
/// <see cref="ServiceBusyException"/> (RESOURCE_EXHAUSTED, 429 + Retry-After) instead of piling up memory. Peak memory is
/// then about <see cref="Concurrency"/> pictures' worth, however many requests arrive.
/// </summary>
public sealed class DecodeGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private int _waiting;

    public DecodeGate(int concurrency, int queueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        Concurrency = concurrency;
        QueueLength = queueLength;
        _slots = new SemaphoreSlim(concurrency, concurrency);
    }

    public int Concurrency { get; }

    public int QueueLength { get; }

    /// <summary>Calls running now.</summary>
    public int Running => Concurrency - _slots.CurrentCount;

    /// <summary>Runs <paramref name="work"/> when a slot is free (waiting in the queue when there is room).</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary><see cref="RunAsync{T}"/> for work without a result.</summary>
    public Task RunAsync(Action work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        }, cancellationToken);
    }

    public void Dispose() => _slots.Dispose();

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, CancellationToken.None))
        {
            return;
        }

        if (Interlocked.Increment(ref _waiting) > QueueLength)
        {
            Interlocked.Decrement(ref _waiting);
            throw new ServiceBusyException(
                $"The service is decoding {Concurrency} pictures with {QueueLength} more waiting, its limit: try again shortly.");
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }
}
