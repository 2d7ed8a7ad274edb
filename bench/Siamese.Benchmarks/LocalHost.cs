using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Siamese.Standalone;

namespace Siamese.Benchmarks;

/// <summary>The standalone host (the one composition of the system) on free loopback ports, open (no API keys), with warning-level logs, for the benchmarks.</summary>
internal static class LocalHost
{
    /// <summary>Builds the standalone host with <paramref name="settings"/>; gRPC (HTTP/2) on <paramref name="grpcPort"/>, HTTP/1.1 on <paramref name="httpPort"/>.</summary>
    public static WebApplication Build(int grpcPort, int httpPort, IDictionary<string, string?> settings)
    {
        var config = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpcPort}",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["Messaging:Transport"] = "InMemory",
            ["Match:EmbedAddress"] = "",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",

            // Loopback only, so open mode is allowed: benchmarks call without API keys (tenant "default" unless a call names one).
            ["Security:Mode"] = "Open",
        };
        return StandaloneHost.Build([], builder => builder.Configuration.AddInMemoryCollection(config));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
