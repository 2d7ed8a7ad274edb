using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.ServiceDefaults;

/// <summary>
/// What every Siamese service hosts: telemetry (OTLP when configured, Prometheus <c>/metrics</c> always), health
/// checks (HTTP liveness and readiness, and the gRPC health service), HTTP/2 tuning.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The prefix of every Siamese <c>ActivitySource</c> and <c>Meter</c> name.</summary>
    public const string TelemetryPrefix = "Siamese.";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModelSettings();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryPrefix + "*", "MassTransit")
                .AddPrometheusExporter())
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !IsOperational(ctx.Request.Path))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(TelemetryPrefix + "*", "MassTransit"));

        // Export only where a collector is configured; otherwise telemetry stays in-process (no failed connections).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        // Batches of crops are large requests: wider HTTP/2 windows keep concurrent calls from stalling on flow control.
        // Kestrel reads its endpoints from the "Kestrel" section, but not its limits: Kestrel:Limits:MaxRequestBodySize
        // (or Kestrel__Limits__MaxRequestBodySize) was ignored without a word. Bound here, over the defaults above.
        var limits = builder.Configuration.GetSection("Kestrel:Limits");
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
            Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(limits, k.Limits);
        });
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);

        // grpc.health.v1 for gRPC load balancers and Kubernetes gRPC probes: the overall service ("") is serving
        // when every check passes, as /health/ready; each check runs when asked, not from a stale cache.
        // The health service is a gRPC service: hosts without gRPC services of their own (ingest) need gRPC registered for it.
        builder.Services.AddGrpc();
        builder.Services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Siamese HTTP API";
            document.Info.Description = OpenApiDescription;
            return Task.CompletedTask;
        }));
        return builder;
    }

    private const string OpenApiDescription =
        "The HTTP endpoints of this host. Photo calls take multipart/form-data or a raw image body; the same routes take JSON " +
        "(images base64) through gRPC JSON transcoding, as do the subject, calibration and model routes of the match service " +
        "(protos/siamese/v1/match.proto is their reference: GET/DELETE /v1/tenants/{tenant}/subjects/{subjectId}, " +
        "GET /v1/tenants/{tenant}/subjects, POST/GET/DELETE /v1/tenants/{tenant}/calibration).";

    /// <summary>
    /// Maps <see cref="DefaultEndpoints.LivePath"/> (the process answers), <see cref="DefaultEndpoints.ReadyPath"/>
    /// (every check passes, with each check's detail as JSON), <see cref="DefaultEndpoints.MetricsPath"/>, the gRPC
    /// health service and the OpenAPI document at <c>/openapi/v1.json</c>, in every environment: Kubernetes and
    /// Prometheus reach them in production too, without an API key (the document describes the API, it holds no data).
    /// Also puts authentication, authorization, <see cref="MalformedMessageMiddleware"/> and
    /// <see cref="TranscodedRequestMiddleware"/> in the pipeline (after routing: they need the endpoint).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Explicitly, rather than left to WebApplication's automatic registration (which not every setup gets, a test
        // harness's included): a host without authentication services then fails at start instead of serving openly.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<MalformedMessageMiddleware>();
        app.UseMiddleware<TranscodedRequestMiddleware>();
        app.MapOpenApi().AllowAnonymous();
        app.MapHealthChecks(DefaultEndpoints.LivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(HealthTags.Live),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        app.MapHealthChecks(DefaultEndpoints.ReadyPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint(DefaultEndpoints.MetricsPath).AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        return app;
    }

    /// <summary>Probes and scrapes arrive every few seconds: tracing them would bury the requests that matter.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal)
        || path.StartsWithSegments(DefaultEndpoints.MetricsPath, StringComparison.Ordinal)
        || path.StartsWithSegments("/grpc.health.v1.Health", StringComparison.Ordinal);
}
