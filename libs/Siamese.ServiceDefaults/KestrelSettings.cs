using System.Globalization;
using System.Reflection;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Configuration;

namespace Siamese.ServiceDefaults;

/// <summary>
/// Settings of the <c>Kestrel</c> section that Kestrel would not read, or would read as its default. Kestrel reads
/// <c>Endpoints</c>, <c>EndpointDefaults</c> and <c>Certificates</c> by name and skips any other key, and it takes a
/// <c>Protocols</c> or <c>ClientCertificateMode</c> it cannot parse as unset; <c>Limits</c> is bound by
/// <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>, which skips a key no limit takes. So
/// <c>Kestrel:Limits:MaxRequestBodySise</c>, <c>Kestrel:Endpoints:Grpc:Protocol</c> or <c>Protocols: Http2Only</c> left
/// the host on Kestrel's defaults without a word. The keys checked are those of Kestrel's endpoint configuration
/// (ASP.NET Core's "Configure endpoints for the Kestrel web server") and the properties of
/// <see cref="KestrelServerLimits"/>.
/// </summary>
public static class KestrelSettings
{
    private const string Section = "Kestrel";

    private static readonly string[] CertificateKeys = ["Path", "KeyPath", "Password", "Subject", "Store", "Location", "AllowInvalid"];

    /// <summary>One line per key under <c>Kestrel</c> that Kestrel does not read, or per value it would take as unset.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (value is null || !key.StartsWith(Section + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parts = key.Split(':');
            if (Check(parts, value) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private static string? Check(string[] parts, string value)
    {
        var key = string.Join(':', parts);
        var top = parts[1];
        if (Is(top, "Limits"))
        {
            return CheckLimit(parts, key);
        }

        if (Is(top, "Endpoints"))
        {
            // Kestrel:Endpoints:{name}:{setting}, or Kestrel:Endpoints:{name}:Sni:{host}:{setting}.
            if (parts.Length < 4)
            {
                return $"{key} is not a setting: an endpoint is a section, Kestrel:Endpoints:{{name}}:Url and the like.";
            }

            var endpoint = string.Join(':', parts[..3]);
            if (Is(parts[3], "Sni"))
            {
                return parts.Length < 6
                    ? $"{key} is not a setting: Sni names a host, {endpoint}:Sni:{{host}}:Certificate:Path and the like."
                    : CheckEndpointSetting(parts, 5, key, string.Join(':', parts[..5]), url: false);
            }

            return CheckEndpointSetting(parts, 3, key, endpoint, url: true);
        }

        if (Is(top, "EndpointDefaults"))
        {
            return parts.Length > 2 && (Is(parts[2], "Protocols") || Is(parts[2], "SslProtocols") || Is(parts[2], "ClientCertificateMode"))
                ? CheckEndpointSetting(parts, 2, key, "Kestrel:EndpointDefaults", url: false)
                : $"{key} is not a setting. Kestrel:EndpointDefaults takes ClientCertificateMode, Protocols, SslProtocols.";
        }

        if (Is(top, "Certificates"))
        {
            return parts.Length == 4 && CertificateKeys.Any(k => Is(parts[3], k))
                ? CheckValue(parts[3], key, value)
                : $"{key} is not a setting. A certificate (Kestrel:Certificates:{{name}}) takes {string.Join(", ", CertificateKeys.Order(StringComparer.Ordinal))}.";
        }

        return $"{key} is not a setting: Kestrel reads Certificates, EndpointDefaults, Endpoints and Limits.{UnknownSettings.DidYouMean(top, ["Certificates", "EndpointDefaults", "Endpoints", "Limits"], "Kestrel")}";

        string? CheckEndpointSetting(string[] parts, int at, string key, string owner, bool url)
        {
            var names = new List<string> { "Certificate", "ClientCertificateMode", "Protocols", "SslProtocols" };
            if (url)
            {
                names.AddRange(["Sni", "Url"]);
            }

            var name = parts[at];
            if (Is(name, "Certificate"))
            {
                return parts.Length == at + 2 && CertificateKeys.Any(k => Is(parts[at + 1], k))
                    ? CheckValue(parts[at + 1], key, value)
                    : $"{key} is not a setting. {owner}:Certificate takes {string.Join(", ", CertificateKeys.Order(StringComparer.Ordinal))}.";
            }

            if (Is(name, "SslProtocols"))
            {
                // A list: Kestrel reads its items (SslProtocols:0, SslProtocols:1), and a single value beside them not at all.
                return parts.Length == at + 2 && int.TryParse(parts[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                    ? CheckValue(name, key, value)
                    : parts.Length == at + 1
                        ? $"{key} is not read: SslProtocols is a list, {key}:0 (environment {key.Replace(":", "__", StringComparison.Ordinal)}__0) for its first item."
                        : $"{key} is not a setting: SslProtocols is a list, {owner}:SslProtocols:0 and so on.";
            }

            return parts.Length == at + 1 && names.Any(n => Is(name, n)) && !Is(name, "Sni")
                ? CheckValue(name, key, value)
                : $"{key} is not a setting. {owner} takes {string.Join(", ", names.Order(StringComparer.Ordinal))}.{UnknownSettings.DidYouMean(name, names, owner)}";
        }
    }

    // Values Kestrel parses with TryParse and takes as unset when it fails.
    private static string? CheckValue(string name, string key, string value) => name switch
    {
        _ when Is(name, "Protocols") => Parses<HttpProtocols>(value) ? null : Refused(key, value, typeof(HttpProtocols)),
        _ when Is(name, "ClientCertificateMode") => Parses<ClientCertificateMode>(value) ? null : Refused(key, value, typeof(ClientCertificateMode)),
        _ when Is(name, "SslProtocols") => Parses<SslProtocols>(value) ? null : Refused(key, value, typeof(SslProtocols)),
        _ when Is(name, "AllowInvalid") => bool.TryParse(value, out _) ? null : $"{key} '{value}' is not true or false.",
        _ => null,
    };

    private static bool Parses<T>(string value)
        where T : struct, Enum =>
        value.Length > 0 && !char.IsAsciiDigit(value[0]) && value[0] != '-' && Enum.TryParse<T>(value, ignoreCase: true, out _);

    private static string Refused(string key, string value, Type type) =>
        $"{key} '{value}' is not one Kestrel knows, and it would use its default. Allowed: {string.Join(", ", Enum.GetNames(type))}.";

    // Kestrel:Limits:{limit}, or a limit of Http2 or Http3: a property of KestrelServerLimits that the binder sets.
    private static string? CheckLimit(string[] parts, string key)
    {
        var type = typeof(KestrelServerLimits);
        var owner = "Kestrel:Limits";
        for (var at = 2; at < parts.Length; at++)
        {
            var settable = Settable(type);
            var nested = Nested(type);
            var name = parts[at];
            var all = settable.Concat(nested.Select(p => p.Name)).Order(StringComparer.Ordinal).ToList();
            if (nested.FirstOrDefault(p => Is(p.Name, name)) is { } inner)
            {
                type = inner.PropertyType;
                owner = $"{owner}:{inner.Name}";
                continue;
            }

            if (at == parts.Length - 1 && settable.Any(s => Is(s, name)))
            {
                return null;
            }

            if (type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            {
                return $"{key} is not a setting: {owner}:{property.Name} cannot be set from configuration.";
            }

            return $"{key} is not a setting.{UnknownSettings.DidYouMean(name, all, owner)} {owner} takes {string.Join(", ", all)}.";
        }

        return $"{key} is not a setting: {owner} is a section; it takes {string.Join(", ", Settable(type).Concat(Nested(type).Select(p => p.Name)).Order(StringComparer.Ordinal))}.";
    }

    // Limits the binder sets: a public setter of a value it converts from text.
    private static IEnumerable<string> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && IsScalar(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))
            .Select(p => p.Name);

    // Groups of limits the binder fills in place (Http2, Http3): a class whose own limits it sets.
    private static IReadOnlyList<PropertyInfo> Nested(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType is { IsClass: true } t && t != typeof(string) && Settable(t).Any())];

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
