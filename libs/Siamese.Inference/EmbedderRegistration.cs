using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Siamese.ServiceDefaults;

namespace Siamese.Inference;

/// <summary>
/// The batching embedder in this process: the embed service's core, and match's in-process model when it has no
/// embed address (standalone, single node). The model file is <c>Models:Embedding</c>.
/// </summary>
public static class EmbedderRegistration
{
    /// <summary>Registers <see cref="IEmbedder"/> (loaded at start; readiness waits for it), its options and metrics. Idempotent.</summary>
    public static IHostApplicationBuilder AddEmbedder(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(BatchingEmbedder)))
        {
            return builder;
        }

        builder.AddValidatedOptions<EmbedOptions>(EmbedOptions.SectionName);
        builder.RequireEmbeddingModel();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<EmbedMetrics>();
        builder.Services.TryAddSingleton<IEmbeddingModelLoader, OnnxModelLoader>();
        builder.Services.AddSingleton<BatchingEmbedder>();
        builder.Services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<BatchingEmbedder>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BatchingEmbedder>());
        builder.Services.AddHealthChecks().AddCheck<EmbedderReadyHealthCheck>("embed-model", tags: [HealthTags.Ready]);
        return builder;
    }
}
