using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Siamese.Protos.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Embed.Tests;

/// <summary>The embed service in an in-process test server, with a gRPC client through the server's handler.</summary>
internal sealed class EmbedTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private EmbedTestHost(WebApplication app)
    {
        _app = app;
        var server = app.GetTestServer();
        Http = server.CreateClient();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        Client = new Embedder.EmbedderClient(_channel);
    }

    public Embedder.EmbedderClient Client { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host; <paramref name="loader"/> replaces ONNX Runtime (null: the real model at <paramref name="modelPath"/>).</summary>
    public static async Task<EmbedTestHost> StartAsync(
        IEmbeddingModelLoader? loader, string? modelPath = null, IDictionary<string, string?>? settings = null, bool waitReady = true)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var config = new Dictionary<string, string?>
        {
            ["Embed:ModelPath"] = modelPath ?? typeof(EmbedTestHost).Assembly.Location,
            ["Embed:MaxBatchSize"] = "8",
            ["Embed:MaxCropsPerRequest"] = "16",
            ["Embed:MaxImageBytes"] = "100000",
            ["Embed:MaxImagePixels"] = "250000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddEmbedService();
        if (loader is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loader));
        }

        var app = builder.Build();
        app.MapEmbedService();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        if (waitReady)
        {
            await app.Services.GetRequiredService<IEmbedder>().WhenReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }

        return new EmbedTestHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
