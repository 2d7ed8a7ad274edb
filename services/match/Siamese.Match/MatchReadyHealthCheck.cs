using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Siamese.Match;

/// <summary>Ready once the model is known and the index is open.</summary>
public sealed class MatchReadyHealthCheck(MatchState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy($"model {state.Model.Metadata.ModelId}, index open")
            : HealthCheckResult.Unhealthy("waiting for the model and the index"));
}
