namespace Siamese.ServiceDefaults;

/// <summary>
/// A model load a background service runs at start, on another thread, which its disposal must wait for: a host that
/// failed to start (a damaged key store, a port in use) is disposed at once, and the process ended under ONNX Runtime
/// creating a session (exit 139, a segmentation fault, in one failed start of five). A load not yet begun is skipped.
/// </summary>
public sealed class StartupLoad
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    /// <summary>False once the owner is being disposed: the load must not begin.</summary>
    public bool MayBegin => Volatile.Read(ref _closed) == 0;

    /// <summary>The load ended (loaded, failed or skipped); call it in a <c>finally</c>.</summary>
    public void Finished() => _finished.TrySetResult();

    /// <summary>
    /// Stops a load from beginning and waits, at most <paramref name="wait"/>, for one in progress when the service
    /// <paramref name="started"/>; false when it was closed before (a host that failed to start is disposed twice).
    /// </summary>
    public bool Close(bool started, TimeSpan wait)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return false;
        }

        if (started)
        {
            _finished.Task.Wait(wait);
        }

        return true;
    }
}
