using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Embed.Consumers;
using Siamese.Imaging;
using Siamese.Ingest;
using Siamese.Ingest.Consumers;
using Siamese.Match;
using Siamese.Match.Consumers;
using Siamese.Match.Crops;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

namespace Siamese.Benchmarks;

/// <summary>
/// The four services' registration code in one process behind Kestrel (ingest's HTTP on a loopback port) on the
/// in-memory bus: what the standalone host runs. (The RabbitMQ mode runs the four hosts as processes: PipelineProcesses.)
/// Detect runs YuNet with landmark-aligned crops, set explicitly (the product default); the gallery is cut by
/// match's own crop finder, so an aligned model is enrolled with aligned faces as through match's API.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private PipelineHost(WebApplication app, string data, Uri ingest)
    {
        _app = app;
        _data = data;
        Ingest = ingest;
    }

    public Uri Ingest { get; }

    /// <summary>Starts the host with <paramref name="model"/> and detect's default detector set to YuNet (<paramref name="yuNetModel"/>).</summary>
    public static async Task<PipelineHost> StartAsync(string model, string yuNetModel, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "siamese-pipeline-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{port}",
            ["Messaging:Transport"] = nameof(MessagingTransport.InMemory),
            ["Embed:ModelPath"] = model,
            ["Detect:EmbeddingModelPath"] = model,
            ["Detect:DefaultDetector"] = nameof(DetectorKind.YuNet),
            ["Detect:YuNetModelPath"] = yuNetModel,
            ["Match:YuNetModelPath"] = yuNetModel,
            ["Match:EmbedAddress"] = "",
            ["Match:Embedded:DataDirectory"] = data,
        });
        builder.AddServiceDefaults();
        builder.AddIngestService();
        builder.AddDetectService();
        builder.AddMatchService();
        builder.AddSiameseMessaging(bus =>
        {
            bus.AddIngestConsumers();
            bus.AddDetectConsumers();
            bus.AddEmbedConsumers();
            bus.AddMatchConsumers();
        });
        var app = builder.Build();
        app.MapIngestService();
        await app.StartAsync(cancellationToken);
        await app.Services.GetRequiredService<MatchState>().WhenReadyAsync(cancellationToken);
        return new PipelineHost(app, data, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task EnrollAsync(string tenant, IEnumerable<(string Subject, string Path)> gallery, CancellationToken cancellationToken)
    {
        var identification = _app.Services.GetRequiredService<IdentificationService>();
        var cropFinder = _app.Services.GetRequiredService<ICropFinder>();
        foreach (var (subject, path) in gallery)
        {
            var found = await cropFinder.FindAsync(await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
            var crop = found.Count > 0 ? found[0].Crop : throw new InvalidOperationException($"Enrolling {subject}: no face found in {path}.");
            await identification.EnrollAsync(tenant, subject, null, [crop], null, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
