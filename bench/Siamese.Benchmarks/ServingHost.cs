using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siamese.Embed;
using Siamese.Match;
using Siamese.ServiceDefaults;

namespace Siamese.Benchmarks;

/// <summary>
/// The services in this process behind Kestrel on a loopback port, called over real HTTP/2 gRPC: the same
/// registration code as the hosts (embed alone, or embed + match as in the standalone host).
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServingHost(WebApplication app, int port)
    {
        _app = app;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    public GrpcChannel Channel { get; }

    public static async Task<ServingHost> StartAsync(bool withMatch, IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var config = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{port}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
        };
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddServiceDefaults();
        builder.AddEmbedService();
        if (withMatch)
        {
            builder.AddMatchService();
        }

        var app = builder.Build();
        app.MapEmbedService();
        if (withMatch)
        {
            app.MapMatchService();
        }

        await app.StartAsync(cancellationToken);
        await app.Services.GetRequiredService<IEmbedder>().WhenReadyAsync(cancellationToken);
        if (withMatch)
        {
            await app.Services.GetRequiredService<MatchState>().WhenReadyAsync(cancellationToken);
        }

        return new ServingHost(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
