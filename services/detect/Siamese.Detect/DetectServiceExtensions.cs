using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.Detect.Grpc;
using Siamese.Detection;
using Siamese.Inference;
using Siamese.Messaging;
using Siamese.Security;
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
        builder.Services.AddSingleton<IValidateOptions<DetectOptions>>(new CameraSettingsValidator(builder.Configuration));
        // Detect reads the crop size and crop rule from the model's metadata.
        builder.RequireEmbeddingModel();
        builder.AddCropPlanner();
        builder.Services.TryAddSingleton<EmbeddingModelFile>();
        builder.Services.TryAddSingleton<FrameDetector>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<DetectMetrics>();
        builder.Services.TryAddSingleton(typeof(FrameDeduplicator<>));
        builder.Services.AddSingleton<DetectWarmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DetectWarmup>());
        builder.Services.AddHealthChecks().AddCheck<DetectWarmup>("detect-model", tags: [HealthTags.Ready]);
        builder.Services.AddSiameseGrpc();
        builder.AddApiKeySecurity();
        return builder;
    }

    /// <summary>The Detector gRPC service (and its REST route through JSON transcoding).</summary>
    public static IEndpointRouteBuilder MapDetectService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // The meter at start, not on the first frame: its instruments exist from the first scrape, and the first
        // frame does not pay for creating them.
        _ = endpoints.ServiceProvider.GetRequiredService<DetectMetrics>();
        endpoints.MapGrpcService<DetectGrpcService>();
        return endpoints;
    }
}
