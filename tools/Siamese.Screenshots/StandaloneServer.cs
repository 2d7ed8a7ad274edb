using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Match;
using Siamese.Security;
using Siamese.Standalone;

namespace Siamese.Screenshots;

/// <summary>
/// The standalone host (the one composition root) on loopback ports with a model and an empty index in a temporary folder,
/// with API keys on as users run it: <see cref="ApiKey"/> is a key of tenant <see cref="Tenant"/>.
/// </summary>
public sealed class StandaloneServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    /// <summary>The tenant of <see cref="ApiKey"/>.</summary>
    public const string Tenant = "default";

    private StandaloneServer(WebApplication app, string httpUrl, string grpcUrl, string folder, string apiKey)
    {
        _app = app;
        ApiKey = apiKey;
        HttpUrl = httpUrl;
        GrpcUrl = grpcUrl;
        Folder = folder;
    }

    /// <summary>The REST, web page and health address (HTTP/1.1), e.g. http://127.0.0.1:41234.</summary>
    public string HttpUrl { get; }

    /// <summary>A key of tenant <see cref="Tenant"/> (send it as X-Api-Key).</summary>
    public string ApiKey { get; }

    /// <summary>The gRPC address (HTTP/2).</summary>
    public string GrpcUrl { get; }

    /// <summary>A folder for this server's files (index, anything a caller generates), removed on dispose.</summary>
    public string Folder { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<StandaloneServer> StartAsync(string modelPath, params string[] settings)
    {
        var folder = Directory.CreateTempSubdirectory("siamese-standalone-").FullName;
        var (grpc, http) = (FreePort(), FreePort());
        var app = StandaloneHost.Build(
        [
            $"--Models:Embedding={modelPath}",
            $"--Match:Embedded:DataDirectory={Path.Combine(folder, "index")}",
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpc}",
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{http}",
            $"--Security:KeyStorePath={Path.Combine(folder, "keys", "keys.json")}",
            "--Logging:LogLevel:Default=Warning",

            // Health answers while the model loads ("fail: … Unhealthy") and the start's "no caller can be admitted yet"
            // (the tenant and its key are made just after) say nothing about the tour.
            "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
            "--Logging:LogLevel:Siamese.Security.SecurityStartup=Error",
            .. settings,
        ]);
        try
        {
            await app.StartAsync();
            await app.Services.GetRequiredService<MatchState>().WhenReadyAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var administration = app.Services.GetRequiredService<TenantAdministration>();
            administration.CreateTenant(Tenant);
            var key = administration.CreateKey(Tenant, "web-page").Key;
            return new StandaloneServer(app, $"http://127.0.0.1:{http}", $"http://127.0.0.1:{grpc}", folder, key);
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the temp folder is the system's to clean.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
