using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// Open mode is refused unless every address the host is configured to listen on is loopback (Kestrel endpoints,
/// <c>urls</c>, <c>http_ports</c>); a host with none configured listens on localhost:5000. The check runs when the host
/// starts, before anything binds.
/// </summary>
internal sealed class LoopbackBinding(IConfiguration configuration) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode != SecurityMode.Open)
        {
            return ValidateOptionsResult.Success;
        }

        var open = Addresses(configuration).Where(a => !IsLoopback(a)).ToList();
        return open.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Security:Mode is Open, but the host would listen on {string.Join(", ", open)}: open mode is allowed on loopback only " +
                "(127.0.0.1, [::1], localhost). Bind loopback, or use API keys (Security:Mode=ApiKeys).");
    }

    /// <summary>Every configured listening address (URLs, or ports meaning every interface).</summary>
    public static IEnumerable<string> Addresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }

        foreach (var key in new[] { "urls", "ASPNETCORE_URLS" })
        {
            foreach (var url in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return url;
            }
        }

        foreach (var key in new[] { "http_ports", "https_ports", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            foreach (var port in (configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return $"http://*:{port}";
            }
        }
    }

    public static bool IsLoopback(string url)
    {
        // "http://*:80" and "http://+:80" are not valid URIs to System.Uri's host rules; they mean every interface.
        if (!Uri.TryCreate(url.Replace("://*", "://any.invalid", StringComparison.Ordinal).Replace("://+", "://any.invalid", StringComparison.Ordinal),
                UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
