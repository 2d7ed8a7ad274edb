namespace Siamese.ServiceDefaults;

/// <summary>Tags that sort health checks into liveness and readiness.</summary>
public static class HealthTags
{
    /// <summary>The process is running; failing it gets the pod restarted.</summary>
    public const string Live = "live";

    /// <summary>The service can answer (model loaded, broker connected, index open); failing it takes the pod out of rotation.</summary>
    public const string Ready = "ready";
}
