using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Siamese.Standalone;

namespace Siamese.Benchmarks;

/// <summary>The standalone host in this process behind Kestrel on a loopback port, called over real HTTP/2 gRPC (embed's and match's services).</summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedData;

    private ServingHost(WebApplication app, int port, string? ownedData)
    {
        _app = app;
        _ownedData = ownedData;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    public GrpcChannel Channel { get; }

    public static async Task<ServingHost> StartAsync(IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var port = LocalHost.FreePort();
        var owned = settings.TryGetValue("Match:Embedded:DataDirectory", out var d) && d is not null
            ? null : Directory.CreateTempSubdirectory("siamese-serving-").FullName;
        var app = LocalHost.Build(port, LocalHost.FreePort(), new Dictionary<string, string?>(settings) { ["Match:Embedded:DataDirectory"] = d ?? owned });
        await app.StartAsync(cancellationToken);
        await app.WaitReadyAsync(cancellationToken);
        return new ServingHost(app, port, owned);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownedData is not null && Directory.Exists(_ownedData))
        {
            Directory.Delete(_ownedData, recursive: true);
        }
    }
}
