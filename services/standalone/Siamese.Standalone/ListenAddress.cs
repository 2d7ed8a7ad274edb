namespace Siamese.Standalone;

/// <summary>
/// <c>serve</c> listens on loopback (appsettings.json) unless told otherwise: <c>--listen 0.0.0.0</c> (or any address)
/// moves every Kestrel endpoint to that address, keeping its port. In a container (<c>DOTNET_RUNNING_IN_CONTAINER</c>, set by
/// the .NET images) the default is every interface, since loopback there is unreachable from outside.
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
