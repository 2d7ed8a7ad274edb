using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Siamese.Embed.Grpc;
using Siamese.Inference;
using Siamese.Security;
using Siamese.ServiceDefaults;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Embed;

/// <summary>Registers and maps the embed service.</summary>
public static class EmbedServiceExtensions
{
    /// <summary>The batching embedder of libs/Siamese.Inference (model loaded at start, readiness after) and its gRPC service. Idempotent.</summary>
    public static IHostApplicationBuilder AddEmbedService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(EmbedGrpcService)))
        {
            return builder;
        }

        builder.AddEmbedder();
        builder.Services.AddSiameseGrpc();
        builder.AddApiKeySecurity();
        return builder;
    }

    /// <summary>The Embedder gRPC service (and its REST routes through JSON transcoding).</summary>
    public static IEndpointRouteBuilder MapEmbedService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<EmbedGrpcService>();
        return endpoints;
    }
}
