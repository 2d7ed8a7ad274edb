using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.Detect.Grpc;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Detect;

/// <summary>Registers and maps the detect service (its bus consumer: <see cref="Consumers.DetectConsumers"/>).</summary>
public static class DetectServiceExtensions
{
    public static IHostApplicationBuilder AddDetectService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(FrameDetector)))
        {
            return builder;
        }

        builder.AddValidatedOptions<DetectOptions>(DetectOptions.SectionName);
        var embedModel = builder.Configuration["Embed:ModelPath"];
        builder.Services.PostConfigure<DetectOptions>(o =>
        {
            // In one process with embed (standalone), crops take the size of the model embed runs.
            if (string.IsNullOrWhiteSpace(o.EmbeddingModelPath) && File.Exists(embedModel))
            {
                o.EmbeddingModelPath = embedModel;
            }
        });
        builder.Services.TryAddSingleton(sp => CropSize.FromOptions(sp.GetRequiredService<IOptions<DetectOptions>>()));
        builder.Services.TryAddSingleton<CropExtractor>();
        builder.Services.TryAddSingleton<DetectorSet>();
        builder.Services.TryAddSingleton<FrameDetector>();
        builder.Services.TryAddSingleton(typeof(FrameDeduplicator<>));
        builder.Services.AddSingleton<DetectWarmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DetectWarmup>());
        builder.Services.AddHealthChecks().AddCheck<DetectWarmup>("detect-model", tags: [HealthTags.Ready]);
        builder.Services.AddSiameseGrpc();
        return builder;
    }

    /// <summary>The Detector gRPC service (and its REST route through JSON transcoding).</summary>
    public static IEndpointRouteBuilder MapDetectService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DetectGrpcService>();
        return endpoints;
    }
}
