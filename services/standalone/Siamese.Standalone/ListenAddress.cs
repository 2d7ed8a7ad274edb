namespace Siamese.Standalone;

/// <summary>
/// <c>serve</c> listens on loopback (appsettings.json) unless told otherwise: <c>--listen 0.0.0.0</c> (or any address)
/// moves every Kestrel endpoint to that address, keeping its port. In a container (<c>DOTNET_RUNNING_IN_CONTAINER</c>, set by
/// the .NET images) the default is every interface, since loopback there is unreachable from outside. The address is an IP
/// address or <c>localhost</c>: Kestrel listens on every interface for any other host name, so a misspelt address
/// (<c>999.1.1.1</c>) or a machine name would open the host to every network; those are refused.
/// </summary>
public static class ListenAddress
{
    public const string Key = "Listen";

    public static void Apply(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var listen = configuration[Key] is { Length: > 0 } given ? given
            : string.Equals(configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase) ? "0.0.0.0"
            : null;
        if (listen is null)
        {
            return;
        }

        var address = listen.Trim();
        if (!string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase)
            && !System.Net.IPAddress.TryParse(address.StartsWith('[') && address.EndsWith(']') ? address[1..^1] : address, out _))
        {
            throw new ArgumentException(
                $"--listen (setting {Key}) takes an IP address or localhost, not '{listen}': 0.0.0.0 (every interface), 127.0.0.1 (loopback) or one of this "
                + "machine's addresses. Kestrel would listen on every interface for a host name.");
        }

        listen = address;

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                var host = listen.Contains(':', StringComparison.Ordinal) && !listen.StartsWith('[') ? $"[{listen}]" : listen;
                configuration[$"{endpoint.Path}:Url"] = $"{uri.Scheme}://{host}:{uri.Port}";
            }
        }
    }
}
