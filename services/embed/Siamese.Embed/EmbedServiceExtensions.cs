using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Siamese.Embed.Grpc;
using Siamese.ServiceDefaults;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Embed;

/// <summary>Registers and maps the embed service.</summary>
public static class EmbedServiceExtensions
{
    /// <summary>The batching embedder (model loaded at start, readiness after), its options, metrics and gRPC. Idempotent.</summary>
    public static IHostApplicationBuilder AddEmbedService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(BatchingEmbedder)))
        {
            return builder;
        }

        builder.AddValidatedOptions<EmbedOptions>(EmbedOptions.SectionName);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<EmbedMetrics>();
        builder.Services.TryAddSingleton<IEmbeddingModelLoader, OnnxModelLoader>();
        builder.Services.AddSingleton<BatchingEmbedder>();
        builder.Services.AddSingleton<IEmbedder>(sp => sp.GetRequiredService<BatchingEmbedder>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BatchingEmbedder>());
        builder.Services.AddHealthChecks().AddCheck<EmbedderReadyHealthCheck>("embed-model", tags: [HealthTags.Ready]);
        builder.Services.AddSiameseGrpc();
        return builder;
    }

    /// <summary>The Embedder gRPC service (and its REST routes through JSON transcoding).</summary>
    public static IEndpointRouteBuilder MapEmbedService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<EmbedGrpcService>();
        return endpoints;
    }
}
