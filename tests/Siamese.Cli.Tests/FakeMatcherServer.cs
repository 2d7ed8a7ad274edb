using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siamese.Cli.Tests;

/// <summary>The fake match service on a real loopback port: the CLI talks to it exactly as to the real one.</summary>
internal sealed class FakeMatcherServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeMatcherServer(WebApplication app, FakeMatcher matcher, Uri address)
    {
        _app = app;
        Matcher = matcher;
        Address = address;
    }

    public FakeMatcher Matcher { get; }

    public Uri Address { get; }

    public static async Task<FakeMatcherServer> StartAsync()
    {
        var matcher = new FakeMatcher();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(matcher);
        var app = builder.Build();
        app.MapGrpcService<FakeMatcher>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new FakeMatcherServer(app, matcher, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
