using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Siamese.Ingest;

/// <summary>
/// Ingest is ready only while its bus is connected: a frame it accepts (202) must reach the broker, so while the broker is
/// out of reach the load balancer should send cameras elsewhere (and ingest answers 503 with Retry-After meanwhile).
/// With MassTransit's own check alone, /health/ready stayed 200 through a 31 s broker outage (the reliability suite).
/// Only ingest: match and the workers keep serving (gRPC, queued work) without the broker.
/// </summary>
internal sealed class BusReadyHealthCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy("The message bus is connected.")
            : HealthCheckResult.Unhealthy($"The message bus is not connected ({health.Status}): frames are refused with 503 until it is."));
    }
}
