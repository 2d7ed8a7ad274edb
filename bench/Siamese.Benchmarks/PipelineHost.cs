using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Match;
using Siamese.Match.Crops;
using Siamese.Standalone;

namespace Siamese.Benchmarks;

/// <summary>
/// The standalone host (all four services on the in-memory bus) with ingest's HTTP on a loopback port. (The RabbitMQ
/// mode runs the four hosts as processes: PipelineProcesses.) The model's metadata decides the crops (YuNet-aligned
/// faces for an aligned model); the gallery is cut by match's crop finder, as through match's API.
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

    /// <summary>Starts the host with <paramref name="model"/> and YuNet (<paramref name="yuNetModel"/>) for aligned crops.</summary>
    public static async Task<PipelineHost> StartAsync(string model, string yuNetModel, CancellationToken cancellationToken)
    {
        var port = LocalHost.FreePort();
        var data = Path.Combine(Path.GetTempPath(), "siamese-pipeline-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var app = LocalHost.Build(LocalHost.FreePort(), port, new Dictionary<string, string?>
        {
            ["Models:Embedding"] = model,
            ["Models:YuNet"] = yuNetModel,
            ["Match:Embedded:DataDirectory"] = data,
        });
        await app.StartAsync(cancellationToken);
        await app.WaitReadyAsync(cancellationToken);
        return new PipelineHost(app, data, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task EnrollAsync(string tenant, IEnumerable<(string Subject, string Path)> gallery, CancellationToken cancellationToken)
    {
        var identification = _app.Services.GetRequiredService<IdentificationService>();
        var cropFinder = _app.Services.GetRequiredService<CropFinder>();
        foreach (var (subject, path) in gallery)
        {
            var crop = (await cropFinder.FindAsync(await File.ReadAllBytesAsync(path, cancellationToken), cropFinder.NewBudget(), cancellationToken))[0].Crop;
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
}
