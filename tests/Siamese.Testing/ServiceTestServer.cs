using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Siamese.Security;
using Siamese.ServiceDefaults;

namespace Siamese.Testing;

/// <summary>
/// A service in an in-process test server with the service defaults (health endpoints, gRPC plumbing), reached
/// through the server's handler: a gRPC channel for typed clients and an HTTP client for REST and health.
/// Each service's test host adds its own registrations, client and readiness wait on top. API keys are on, as for users:
/// <see cref="Channel"/> and <see cref="Http"/> carry a key of tenant <see cref="DefaultTenant"/>; <see cref="ChannelFor"/>
/// and <see cref="HttpFor"/> give other tenants' (or no key at all).
/// </summary>
public sealed class ServiceTestServer : IAsyncDisposable
{
    /// <summary>The tenant of <see cref="Channel"/> and <see cref="Http"/>'s key.</summary>
    public const string DefaultTenant = "default";

    private readonly WebApplication _app;
    private readonly TempDirectory _keys;
    private readonly List<IDisposable> _clients = [];

    private ServiceTestServer(WebApplication app, TempDirectory keys)
    {
        _app = app;
        _keys = keys;
        (Channel, Http) = ClientsFor(DefaultTenant);
    }

    /// <summary>A gRPC channel to the service (build the service's client on it), with a key of <see cref="DefaultTenant"/>.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>A gRPC channel with a key of <paramref name="tenant"/> (created when new); null: without a key.</summary>
    public GrpcChannel ChannelFor(string? tenant) => ClientsFor(tenant).Channel;

    /// <summary>An HTTP client with a key of <paramref name="tenant"/> (created when new); null: without a key.</summary>
    public HttpClient HttpFor(string? tenant) => ClientsFor(tenant).Http;

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
        var keys = new TempDirectory();
        var config = TestKeys.Settings(keys.Path);
        foreach (var (key, value) in defaults)
        {
            config[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddApiKeySecurity();
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
            keys.Dispose();
            throw;
        }

        var server = new ServiceTestServer(app, keys);
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
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _keys.Dispose();
    }

    private (GrpcChannel Channel, HttpClient Http) ClientsFor(string? tenant)
    {
        var key = tenant is null ? null : TestKeys.For(_app.Services, tenant);
        var server = _app.GetTestServer();
        var clients = (TestKeys.Channel(server, key), TestKeys.Http(server, key));
        _clients.Add(clients.Item1);
        _clients.Add(clients.Item2);
        return clients;
    }
}
