using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Siamese.Standalone.Tests;

/// <summary>The standalone host as <see cref="StandaloneHost.Build"/> composes it, on a test server, over a temporary index.</summary>
internal sealed class StandaloneTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private StandaloneTestHost(WebApplication app, TempDirectory data)
    {
        _app = app;
        _data = data;
        var server = app.GetTestServer();
        Http = server.CreateClient();
        Channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
    }

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Starts the host on <paramref name="model"/> (and YuNet from the shared folder, when there) and waits until it is ready.</summary>
    public static async Task<StandaloneTestHost> StartAsync(string model, params (string Key, string? Value)[] settings)
    {
        var data = new TempDirectory();
        var config = new Dictionary<string, string?>
        {
            ["Models:Embedding"] = model,
            ["Models:YuNet"] = Siamese.Model.SharedData.YuNetModel,
            ["Match:Embedded:DataDirectory"] = data.Path,
        };
        foreach (var (key, value) in settings)
        {
            config[key] = value;
        }

        var app = StandaloneHost.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(config);
        });
        try
        {
            await app.StartAsync();
            await app.WaitReadyAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        }
        catch
        {
            await app.DisposeAsync();
            data.Dispose();
            throw;
        }

        return new StandaloneTestHost(app, data);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
