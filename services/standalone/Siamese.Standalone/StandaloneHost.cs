using Microsoft.Extensions.Diagnostics.HealthChecks;
using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Embed;
using Siamese.Embed.Consumers;
using Siamese.Ingest;
using Siamese.Ingest.Consumers;
using Siamese.Match;
using Siamese.Match.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;
using Siamese.Web;

namespace Siamese.Standalone;

/// <summary>
/// Every service in one process: the embedder runs in-process (no embed address), match uses the embedded
/// index. The same registration code as the separate hosts, and the one composition of the whole system: the demo,
/// the benchmarks' hosts and the tests build it here rather than composing the services again.
/// </summary>
public static class StandaloneHost
{
    /// <summary>
    /// The host, built and mapped. <paramref name="configure"/> runs before the services are added: it may add
    /// configuration (it wins over appsettings.json and <paramref name="args"/>) or swap the server (a test server).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits beside the binary: found whatever folder the host is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        ListenAddress.Apply(builder.Configuration);
        builder.AddServiceDefaults();
        builder.AddEmbedService();
        builder.AddMatchService();
        builder.AddDetectService();
        builder.AddIngestService();
        builder.AddSiameseMessaging(bus => bus.AddIngestConsumers().AddDetectConsumers().AddEmbedConsumers().AddMatchConsumers());

        var app = builder.Build();
        app.ValidateSettings();
        app.MapEmbedService();
        app.MapMatchService();
        app.MapDetectService();
        app.MapIngestService();
        app.MapSiameseWebPage();
        app.MapDefaultEndpoints();
        return app;
    }

    /// <summary>
    /// Completes when every service can answer (model loaded, detectors loaded, index open). A service that fails once
    /// the host has started (the model loads beside Kestrel's start) stops the host: the wait then ends with
    /// <see cref="ServiceStartException"/> naming the failed service's reason, instead of waiting for ever.
    /// </summary>
    public static async Task WaitReadyAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await app.Services.GetRequiredService<MatchState>().WhenReadyAsync(stopping.Token).ConfigureAwait(false);
            var health = app.Services.GetRequiredService<HealthCheckService>();
            while ((await health.CheckHealthAsync(stopping.Token).ConfigureAwait(false)).Status != HealthStatus.Healthy)
            {
                await Task.Delay(50, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceStartException(ServiceRunner.FailedService(app)?.Message ?? "the host stopped before it was ready.", ex);
        }
    }
}
