using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Siamese.Standalone.Tests;

/// <summary>
/// The standalone host as <see cref="StandaloneHost.Build"/> composes it, on a test server, over a temporary index, with API
/// keys on: <see cref="Http"/> and <see cref="Channel"/> carry a key of tenant "default".
/// </summary>
internal sealed class StandaloneTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _data;

    private StandaloneTestHost(WebApplication app, TempDirectory data)
    {
        _app = app;
        _data = data;
        var key = TestKeys.For(app.Services, "default");
        Http = TestKeys.Http(app.GetTestServer(), key);
        Channel = TestKeys.Channel(app.GetTestServer(), key);
    }

    /// <summary>An HTTP client without a key.</summary>
    public HttpClient Anonymous => _app.GetTestServer().CreateClient();

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Starts the host on <paramref name="model"/> (and YuNet from the shared folder, when there) and waits until it is ready.</summary>
    public static async Task<StandaloneTestHost> StartAsync(string model, params (string Key, string? Value)[] settings)
    {
        var data = new TempDirectory();
        var config = new Dictionary<string, string?>(TestKeys.Settings(data.Path))
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
