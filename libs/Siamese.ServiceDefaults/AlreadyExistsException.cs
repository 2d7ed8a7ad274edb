namespace Siamese.ServiceDefaults;

/// <summary>A resource to be created exists already (a tenant); gRPC ALREADY_EXISTS, HTTP 409.</summary>
public sealed class AlreadyExistsException : Exception
{
    public AlreadyExistsException()
    {
    }

    public AlreadyExistsException(string message)
        : base(message)
    {
    }

    public AlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
