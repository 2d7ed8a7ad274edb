using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Siamese.Detection;
using Siamese.Index;
using Siamese.Index.Qdrant;
using Siamese.Match.Calibration;
using Siamese.Inference;
using Siamese.Match.Crops;
using Siamese.Match.Embeddings;
using Siamese.Match.Feedback;
using Siamese.Match.Grpc;
using Siamese.Match.Http;
using Siamese.Protos.V1;
using Siamese.Security;
using Siamese.Security.Admin;
using Siamese.ServiceDefaults;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Match;

/// <summary>Registers and maps the match service.</summary>
public static class MatchServiceExtensions
{
    /// <summary>
    /// The identification service, its index (<c>Match:Index</c>) and its way to the model: the embed service at
    /// <c>Match:EmbedAddress</c>, or the embedder in this process when that is empty. Idempotent.
    /// </summary>
    public static IHostApplicationBuilder AddMatchService(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(IdentificationService)))
        {
            return builder;
        }

        builder.AddApiKeySecurity();
        builder.AddValidatedOptions<MatchOptions>(MatchOptions.SectionName);
        var settings = builder.Configuration.GetSection(MatchOptions.SectionName).Get<MatchOptions>() ?? new MatchOptions();
        if (string.IsNullOrWhiteSpace(settings.EmbedAddress))
        {
            builder.AddEmbedder();
            builder.Services.TryAddSingleton<IEmbeddingClient, InProcessEmbeddingClient>();
        }
        else
        {
            // Calls to embed carry the deployment's service key (Security:ServiceKey), whoever the caller of match was.
            builder.RequireServiceKey("Match:EmbedAddress");
            builder.Services.AddGrpcClient<Embedder.EmbedderClient>(o => o.Address = new Uri(settings.EmbedAddress))
                .AddInterceptor<ServiceKeyInterceptor>();
            builder.Services.TryAddSingleton<IEmbeddingClient>(sp => new GrpcEmbeddingClient(sp.GetRequiredService<Embedder.EmbedderClient>()));
        }

        AddIndex(builder.Services, settings.Index);
        // The crop planner cuts Enroll/Identify/Verify images as detect cuts camera frames: the model's siamese.crop decides.
        builder.AddCropPlanner();
        builder.Services.TryAddSingleton<CropFinder>();
        builder.Services.AddSingleton<MatchState>();
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<MatchMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TenantThresholds>();
        builder.Services.AddSingleton<NegativeExamples>();
        builder.Services.AddSingleton<IdentificationService>();
        builder.Services.AddSingleton<ITenantData, MatchTenantData>();
        builder.Services.AddSingleton<CalibrationService>();
        builder.Services.AddSingleton<MatchRequests>();
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService<MatchInitializer>();
        builder.Services.AddHealthChecks().AddCheck<MatchReadyHealthCheck>("match-index", tags: [HealthTags.Ready]);
        builder.Services.AddSiameseGrpc();
        return builder;
    }

    /// <summary>
    /// The Matcher gRPC service, its REST routes (JSON through transcoding; photos as multipart or raw image bodies
    /// on the same routes), <c>GET /v1/model</c>, the admin API (tenants, keys) and <c>/v1/me</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapMatchService(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<MatchGrpcService>();
        endpoints.MapPhotoEndpoints();
        endpoints.MapAdminService();
        endpoints.MapCallerInfo();
        return endpoints;
    }

    private static void AddIndex(IServiceCollection services, VectorIndexKind kind)
    {
        switch (kind)
        {
            case VectorIndexKind.Embedded:
                // Resolved by MatchInitializer once the model (hence the vector space) is known.
                services.AddEmbeddedVectorIndex(sp => sp.GetRequiredService<MatchState>().Space);
                break;
            case VectorIndexKind.Qdrant:
                // Match:Qdrant (Url, ApiKey, ...) is bound and validated at start; the collection is per model.
                services.AddQdrantVectorIndex(sp => sp.GetRequiredService<MatchState>().Space);
                break;
            default:
                throw new NotSupportedException($"Match:Index '{kind}' is not known; use Embedded or Qdrant.");
        }
    }
}
