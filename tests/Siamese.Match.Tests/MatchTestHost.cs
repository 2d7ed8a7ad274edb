using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Siamese.Match.Embeddings;
using Siamese.Protos.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Match.Tests;

/// <summary>The match service in an in-process test server over a temporary embedded index, with the fake model.</summary>
internal sealed class MatchTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;
    private readonly TempDirectory? _ownedData;

    private MatchTestHost(WebApplication app, TempDirectory? ownedData)
    {
        _app = app;
        _ownedData = ownedData;
        var server = app.GetTestServer();
        Http = server.CreateClient();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        Client = new Matcher.MatcherClient(_channel);
    }

    public Matcher.MatcherClient Client { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the host. <paramref name="embeddings"/> null: the real embedder in-process on <paramref name="modelPath"/>.
    /// </summary>
    public static async Task<MatchTestHost> StartAsync(
        IEmbeddingClient? embeddings = null, string? modelPath = null, string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var config = new Dictionary<string, string?>
        {
            ["Match:Embedded:DataDirectory"] = dataDirectory ?? owned!.Path,
            ["Match:MaxImageBytes"] = "100000",
            ["Match:MaxImagePixels"] = "250000",
            ["Match:MaxExamplesPerEnroll"] = "8",
        };
        if (embeddings is null)
        {
            config["Embed:ModelPath"] = modelPath;
        }
        else
        {
            // Any address: the fake client below replaces the gRPC one, which is never called.
            config["Match:EmbedAddress"] = "http://127.0.0.1:9";
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddMatchService();
        if (embeddings is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(embeddings));
        }

        var app = builder.Build();
        app.MapMatchService();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        await app.Services.GetRequiredService<MatchState>().WhenReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new MatchTestHost(app, owned);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedData?.Dispose();
    }
}
