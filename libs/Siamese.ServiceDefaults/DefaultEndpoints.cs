namespace Siamese.ServiceDefaults;

/// <summary>
/// The operational paths every host maps (<see cref="ServiceDefaultsExtensions.MapDefaultEndpoints"/>); the
/// Kubernetes probes, the compose health checks and Prometheus name them, and a test holds them to these.
/// </summary>
public static class DefaultEndpoints
{
    /// <summary>The process answers (liveness; failing it restarts the container).</summary>
    public const string LivePath = "/health/live";

    /// <summary>Every check passes (readiness), answered as JSON with each check's status and description.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Prometheus text exposition of every Siamese meter, ASP.NET Core, HTTP client, MassTransit and runtime metrics.</summary>
    public const string MetricsPath = "/metrics";
}
