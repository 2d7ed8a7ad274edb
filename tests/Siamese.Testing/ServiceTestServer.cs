using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Siamese.ServiceDefaults;

namespace Siamese.Testing;

/// <summary>
/// A service in an in-process test server with the service defaults (health endpoints, gRPC plumbing), reached
/// through the server's handler: a gRPC channel for typed clients and an HTTP client for REST and health.
/// Each service's test host adds its own registrations, client and readiness wait on top.
/// </summary>
public sealed class ServiceTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceTestServer(WebApplication app)
    {
        _app = app;
        var server = app.GetTestServer();
        Http = server.CreateClient();
        Channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
    }

    /// <summary>A gRPC channel to the service (build the service's client on it).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An HTTP client to the service (REST routes, health endpoints).</summary>
    public HttpClient Http { get; }

    /// <summary>The service's container.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Builds and starts the server: configuration is <paramref name="defaults"/> with <paramref name="overrides"/>
    /// laid over it (a null value clears a key), then <paramref name="addService"/> registers the service and
    /// <paramref name="mapService"/> maps its endpoints. When <paramref name="ready"/> is given, the call returns only
    /// once the task it starts completes (at most two minutes), so tests begin on a warmed-up service.
    /// </summary>
    public static async Task<ServiceTestServer> StartAsync(
        IReadOnlyDictionary<string, string?> defaults,
        IDictionary<string, string?>? overrides,
        Action<WebApplicationBuilder> addService,
        Action<WebApplication> mapService,
        Func<IServiceProvider, Task>? ready = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(addService);
        ArgumentNullException.ThrowIfNull(mapService);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var config = new Dictionary<string, string?>(defaults);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        addService(builder);
        var app = builder.Build();
        mapService(app);
        app.MapDefaultEndpoints();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var server = new ServiceTestServer(app);
        try
        {
            if (ready is not null)
            {
                await ready(app.Services).WaitAsync(TimeSpan.FromMinutes(2));
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
