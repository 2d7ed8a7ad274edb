using System.Text.Json;

namespace Siamese.Deploy.Tests;

/// <summary>What a host's appsettings.json (shipped in its image) says about its Kestrel endpoints.</summary>
internal static class HostSettings
{
    /// <summary>The services with a host of their own (their images: siamese-&lt;service&gt;).</summary>
    public static IReadOnlyList<string> Services { get; } = ["ingest", "detect", "embed", "match"];

    /// <summary>Endpoint name in lower case (http, grpc) → port, from services/&lt;service&gt;/Siamese.&lt;Service&gt;.Host/appsettings.json.</summary>
    public static IReadOnlyDictionary<string, int> Ports(string service)
    {
        var host = $"Siamese.{char.ToUpperInvariant(service[0])}{service[1..]}.Host";
        using var json = JsonDocument.Parse(RepoFiles.Read("services", service, host, "appsettings.json"));
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var endpoint in json.RootElement.GetProperty("Kestrel").GetProperty("Endpoints").EnumerateObject())
        {
            ports[endpoint.Name.ToLowerInvariant()] = new Uri(endpoint.Value.GetProperty("Url").GetString()!.Replace("*", "host", StringComparison.Ordinal)).Port;
        }

        return ports;
    }
}
