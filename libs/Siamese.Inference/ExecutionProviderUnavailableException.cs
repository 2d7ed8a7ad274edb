namespace Siamese.Inference;

/// <summary>
/// The configuration requires an execution provider (CUDA, TensorRT) that this process cannot use; the message
/// says why, naming the missing library where one is missing. Thrown instead of falling back to the CPU.
/// </summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException()
    {
    }

    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExecutionProviderUnavailableException(ExecutionProvider requested, string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
        Requested = requested;
    }

    /// <summary>The provider the configuration asked for.</summary>
    public ExecutionProvider Requested { get; }
}
