using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Siamese.Inference;

/// <summary>Ready once the model is loaded and warmed up on the provider it may run on; says why when it never will be.</summary>
public sealed class EmbedderReadyHealthCheck(IEmbedder embedder) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            embedder.IsReady ? HealthCheckResult.Healthy($"model {embedder.Model.Metadata.ModelId} on {ExecutionProviders.Name(embedder.Model.ActiveProvider)}")
            : embedder.NotReadyReason is { } reason ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Unhealthy("the model is loading"));
}
