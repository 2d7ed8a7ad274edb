namespace Siamese.ServiceDefaults;

/// <summary>The caller's credentials do not allow this call (another tenant's data, an admin call with a tenant's key); gRPC PERMISSION_DENIED, HTTP 403. The message never says whether the resource exists.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
