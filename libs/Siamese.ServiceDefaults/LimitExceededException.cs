namespace Siamese.ServiceDefaults;

/// <summary>A request is over a configured limit (items per request, bytes); gRPC RESOURCE_EXHAUSTED, HTTP 413.</summary>
public sealed class LimitExceededException : Exception
{
    public LimitExceededException()
    {
    }

    public LimitExceededException(string message)
        : base(message)
    {
    }

    public LimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
