namespace Siamese.ServiceDefaults;

/// <summary>The service is still starting (model loading, index opening); gRPC UNAVAILABLE, so clients retry.</summary>
public sealed class ServiceNotReadyException : Exception
{
    public ServiceNotReadyException()
    {
    }

    public ServiceNotReadyException(string message)
        : base(message)
    {
    }

    public ServiceNotReadyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
