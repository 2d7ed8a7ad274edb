namespace Siamese.ServiceDefaults;

/// <summary>
/// Too many expensive calls (image decoding and detection) are running and queued already; gRPC RESOURCE_EXHAUSTED,
/// HTTP 429 with Retry-After. Unlike <see cref="LimitExceededException"/> the same request succeeds later.
/// </summary>
public sealed class ServiceBusyException : Exception
{
    public ServiceBusyException()
    {
    }

    public ServiceBusyException(string message)
        : base(message)
    {
    }

    public ServiceBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What a client is told to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);
}
