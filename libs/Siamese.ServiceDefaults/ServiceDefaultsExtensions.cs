using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
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

/// <summary>What every Siamese service hosts: telemetry, health checks, liveness and readiness endpoints.</summary>
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
                .AddMeter(TelemetryPrefix + "*", "MassTransit"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(TelemetryPrefix + "*", "MassTransit"));

        // Export only where a collector is configured; otherwise telemetry stays in-process (no failed connections).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        // Batches of crops are large requests: wider HTTP/2 windows keep concurrent calls from stalling on flow control.
        builder.Services.Configure<KestrelServerOptions>(k =>
        {
            k.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            k.Limits.Http2.InitialStreamWindowSize = 8 * 1024 * 1024;
        });
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers) and <c>/health/ready</c> (every check passes) in every
    /// environment: Kubernetes probes them in production too, without an API key. Also puts
    /// <see cref="MalformedMessageMiddleware"/> in the pipeline (after routing and authentication: it needs the endpoint).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Explicitly, rather than left to WebApplication's automatic registration (which not every setup gets, a test
        // harness's included): a host without authentication services then fails at start instead of serving openly.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<MalformedMessageMiddleware>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(HealthTags.Live) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions()).AllowAnonymous();
        return app;
    }
}
