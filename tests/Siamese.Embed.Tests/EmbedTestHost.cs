using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Siamese.Embed.Consumers;
using Siamese.Protos.V1;

namespace Siamese.Embed.Tests;

/// <summary>The embed service in an in-process test server, with a gRPC client through the server's handler.</summary>
internal sealed class EmbedTestHost : IAsyncDisposable
{
    private readonly ServiceTestServer _server;

    private EmbedTestHost(ServiceTestServer server)
    {
        _server = server;
        Client = new Embedder.EmbedderClient(server.Channel);
    }

    public Embedder.EmbedderClient Client { get; }

    public HttpClient Http => _server.Http;

    public IServiceProvider Services => _server.Services;

    /// <summary>
    /// Starts a host; <paramref name="loader"/> replaces ONNX Runtime (null: the real model at <paramref name="modelPath"/>).
    /// <paramref name="withBus"/>: embed's bus consumer on MassTransit's in-memory test harness.
    /// </summary>
    public static async Task<EmbedTestHost> StartAsync(
        IEmbeddingModelLoader? loader, string? modelPath = null, IDictionary<string, string?>? settings = null, bool waitReady = true, bool withBus = false)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Models:Embedding"] = modelPath ?? typeof(EmbedTestHost).Assembly.Location,
            ["Embed:MaxBatchSize"] = "8",
            ["Embed:MaxCropsPerRequest"] = "16",
            ["ImageLimits:MaxBytes"] = "100000",
            ["ImageLimits:MaxPixels"] = "250000",
        };
        var server = await ServiceTestServer.StartAsync(
            defaults,
            settings,
            builder =>
            {
                builder.AddEmbedService();
                if (loader is not null)
                {
                    builder.Services.Replace(ServiceDescriptor.Singleton(loader));
                }

                if (withBus)
                {
                    // A loaded machine may take seconds over the first message: the harness waits that long before it calls the bus idle.
                    builder.Services.AddMassTransitTestHarness(bus => bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false).SetTestTimeouts(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15)).AddEmbedConsumers());
                }
            },
            app => app.MapEmbedService(),
            waitReady ? async services =>
            {
                await services.GetRequiredService<IEmbedder>().WhenReadyAsync();
                if (withBus)
                {
                    await services.GetRequiredService<ITestHarness>().Start();
                }
            }
            : null);
        return new EmbedTestHost(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
