namespace Siamese.ServiceDefaults;

/// <summary>A named tenant, subject or other resource does not exist; gRPC NOT_FOUND, HTTP 404.</summary>
public sealed class ResourceNotFoundException : Exception
{
    public ResourceNotFoundException()
    {
    }

    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    public ResourceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
