using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siamese.Security;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Cli.Tests;

/// <summary>
/// The fake match service on a real loopback port, behind the real API-key scheme and admin service: the CLI talks to it
/// exactly as to the real one. Tenant <c>acme</c> exists with <see cref="TenantKey"/>.
/// </summary>
internal sealed class FakeMatcherServer : IAsyncDisposable
{
    public const string AdminKey = "cli-tests-admin-key-0123456789";

    private readonly WebApplication _app;
    private readonly TempDirectory _keys;

    private FakeMatcherServer(WebApplication app, TempDirectory keys, FakeMatcher matcher, Uri address, string tenantKey)
    {
        _app = app;
        _keys = keys;
        Matcher = matcher;
        Address = address;
        TenantKey = tenantKey;
    }

    public FakeMatcher Matcher { get; }

    public Uri Address { get; }

    /// <summary>A key of tenant <c>acme</c>.</summary>
    public string TenantKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="open">Security:Mode Open (no key checked) instead of API keys.</param>
    public static async Task<FakeMatcherServer> StartAsync(bool open = false)
    {
        var matcher = new FakeMatcher();
        var keys = new TempDirectory();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Configuration["Security:KeyStorePath"] = Path.Combine(keys.Path, "keys.json");
        builder.Configuration["Security:AdminKey"] = AdminKey;
        builder.Configuration["Security:Mode"] = open ? nameof(SecurityMode.Open) : nameof(SecurityMode.ApiKeys);
        builder.AddApiKeySecurity();
        builder.Services.AddSiameseGrpc();
        builder.Services.AddSingleton(matcher);
        var app = builder.Build();
        app.MapGrpcService<FakeMatcher>();
        app.MapAdminService();
        await app.StartAsync();
        var administration = app.Services.GetRequiredService<TenantAdministration>();
        administration.CreateTenant("acme");
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeMatcherServer(app, keys, matcher, new Uri(address), administration.CreateKey("acme", "cli tests").Key);
    }

    public async ValueTask DisposeAsync()
    {
        // A connection that does not close stops waiting after 30 seconds, as the service's own shutdown would.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            _keys.Dispose();
        }
    }
}
