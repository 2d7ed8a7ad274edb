using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Siamese.Match.Consumers;
using Siamese.Match.Embeddings;
using Siamese.Protos.V1;
using Siamese.Testing;

namespace Siamese.Match.Tests;

/// <summary>The match service in an in-process test server over a temporary embedded index, with the fake model.</summary>
internal sealed class MatchTestHost : IAsyncDisposable
{
    private readonly ServiceTestServer _server;
    private readonly TempDirectory? _ownedData;

    private MatchTestHost(ServiceTestServer server, TempDirectory? ownedData)
    {
        _server = server;
        _ownedData = ownedData;
        Client = new Matcher.MatcherClient(server.Channel);
    }

    public Matcher.MatcherClient Client { get; }

    public HttpClient Http => _server.Http;

    /// <summary>A client with a key of <paramref name="tenant"/> (created when new); null: without a key. <see cref="Client"/> acts for "default".</summary>
    public Matcher.MatcherClient ClientFor(string? tenant) => new(_server.ChannelFor(tenant));

    /// <summary>A gRPC channel with a key of <paramref name="tenant"/> (created when new); null: without a key (for the admin API, say).</summary>
    public global::Grpc.Net.Client.GrpcChannel ChannelFor(string? tenant) => _server.ChannelFor(tenant);

    /// <summary>An HTTP client with a key of <paramref name="tenant"/> (created when new); null: without a key.</summary>
    public HttpClient HttpFor(string? tenant) => _server.HttpFor(tenant);

    public IServiceProvider Services => _server.Services;

    /// <summary>
    /// Starts the host. <paramref name="embeddings"/> null: the real embedder in-process on <paramref name="modelPath"/>.
    /// <paramref name="configureServices"/> runs after the match service is registered (to swap a dependency).
    /// <paramref name="withBus"/>: match's bus consumer on MassTransit's in-memory test harness.
    /// </summary>
    public static async Task<MatchTestHost> StartAsync(
        IEmbeddingClient? embeddings = null,
        string? modelPath = null,
        string? dataDirectory = null,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null,
        bool withBus = false)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var defaults = new Dictionary<string, string?>
        {
            ["Match:Embedded:DataDirectory"] = dataDirectory ?? owned!.Path,
            ["ImageLimits:MaxBytes"] = "100000",
            ["ImageLimits:MaxPixels"] = "250000",
            ["Match:MaxExamplesPerEnroll"] = "8",
        };
        if (embeddings is null)
        {
            defaults["Models:Embedding"] = modelPath;
        }
        else
        {
            // Any address: the fake client below replaces the gRPC one, which is never called.
            defaults["Match:EmbedAddress"] = "http://127.0.0.1:9";
        }

        ServiceTestServer server;
        try
        {
            server = await ServiceTestServer.StartAsync(
                defaults,
                settings,
                builder =>
                {
                    builder.AddMatchService();
                    if (embeddings is not null)
                    {
                        builder.Services.Replace(ServiceDescriptor.Singleton(embeddings));
                    }

                    if (withBus)
                    {
                        // A loaded machine may take seconds over the first message: the harness waits that long before it calls the bus idle.
                        builder.Services.AddMassTransitTestHarness(bus => bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false).SetTestTimeouts(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15)).AddMatchConsumers());
                    }

                    configureServices?.Invoke(builder.Services);
                },
                app => app.MapMatchService(),
                async services =>
                {
                    await services.GetRequiredService<MatchState>().WhenReadyAsync();
                    if (withBus)
                    {
                        await services.GetRequiredService<ITestHarness>().Start();
                    }
                });
        }
        catch
        {
            owned?.Dispose();
            throw;
        }

        return new MatchTestHost(server, owned);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _ownedData?.Dispose();
    }
}
