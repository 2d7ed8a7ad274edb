using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Siamese.Security;
using Siamese.ServiceDefaults;

namespace Siamese.Ingest;

/// <summary>Registers and maps the ingest service (its bus consumers: <see cref="Consumers.IngestConsumers"/>).</summary>
public static class IngestServiceExtensions
{
    public static IHostApplicationBuilder AddIngestService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModelSettings();
        builder.AddApiKeySecurity();
        builder.AddValidatedOptions<IngestOptions>(IngestOptions.SectionName);
        builder.Services.AddProblemDetails();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ResultBroadcaster>();
        builder.Services.TryAddSingleton<FrameStore>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<IngestMetrics>();
        builder.Services.TryAddSingleton<IFramePublisher, BusFramePublisher>();
        builder.Services.TryAddSingleton<FrameIntake>();
        builder.Services.AddHealthChecks().AddCheck<BusReadyHealthCheck>("ingest-bus", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>Ingest's routes and <c>/v1/me</c>.</summary>
    public static IEndpointRouteBuilder MapIngestService(this IEndpointRouteBuilder endpoints) => endpoints.MapIngestEndpoints().MapCallerInfo();
}
