using Microsoft.Extensions.Configuration;
using Siamese.ServiceDefaults;

namespace Siamese.Deploy.Tests;

/// <summary>
/// Kestrel settings that Kestrel would skip, or read as its default: each is named when the host starts (a host refuses
/// to start on them, <c>StartFailureTests</c>), and what Kestrel does read passes.
/// </summary>
public sealed class KestrelSettingsTests
{
    [Theory]
    [InlineData("Kestrel:Limits:MaxRequestBodySise", "1000", "Kestrel:Limits:MaxRequestBodySise is not a setting. Did you mean Kestrel:Limits:MaxRequestBodySize? Kestrel:Limits takes Http2, Http3, KeepAliveTimeout,")]
    [InlineData("Kestrel:Limits:Http2:MaxStreamsPerConection", "50", "Kestrel:Limits:Http2:MaxStreamsPerConection is not a setting. Did you mean Kestrel:Limits:Http2:MaxStreamsPerConnection?")]
    [InlineData("Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond", "100", "Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond is not a setting: Kestrel:Limits:MinRequestBodyDataRate cannot be set from configuration.")]
    [InlineData("Kestrel:Limits:Http2", "50", "Kestrel:Limits:Http2 is not a setting: Kestrel:Limits:Http2 is a section; it takes ")]
    [InlineData("Kestrel:Limit:MaxRequestBodySize", "1000", "Kestrel:Limit:MaxRequestBodySize is not a setting: Kestrel reads Certificates, EndpointDefaults, Endpoints and Limits. Did you mean Kestrel:Limits?")]
    [InlineData("Kestrel:Endpoints:Grpc:Protocol", "Http2", "Kestrel:Endpoints:Grpc:Protocol is not a setting. Kestrel:Endpoints:Grpc takes Certificate, ClientCertificateMode, Protocols, Sni, SslProtocols, Url. Did you mean Kestrel:Endpoints:Grpc:Protocols?")]
    [InlineData("Kestrel:Endpoints:Grpc:Protocols", "Http2Only", "Kestrel:Endpoints:Grpc:Protocols 'Http2Only' is not one Kestrel knows, and it would use its default. Allowed: None, Http1, Http2, Http1AndHttp2, Http3, Http1AndHttp2AndHttp3.")]
    [InlineData("Kestrel:Endpoints:Grpc:Protocols", "2", "Kestrel:Endpoints:Grpc:Protocols '2' is not one Kestrel knows")]
    [InlineData("Kestrel:Endpoints:Https:SslProtocols", "Tls12", "Kestrel:Endpoints:Https:SslProtocols is not read: SslProtocols is a list, Kestrel:Endpoints:Https:SslProtocols:0 (environment Kestrel__Endpoints__Https__SslProtocols__0) for its first item.")]
    [InlineData("Kestrel:Endpoints:Https:SslProtocols:0", "Tls14", "Kestrel:Endpoints:Https:SslProtocols:0 'Tls14' is not one Kestrel knows")]
    [InlineData("Kestrel:Endpoints:Https:Certificate:Pth", "cert.pfx", "Kestrel:Endpoints:Https:Certificate:Pth is not a setting. Kestrel:Endpoints:Https:Certificate takes AllowInvalid, KeyPath, Location, Password, Path, Store, Subject.")]
    [InlineData("Kestrel:Endpoints:Https:Certificate:AllowInvalid", "yes", "Kestrel:Endpoints:Https:Certificate:AllowInvalid 'yes' is not true or false.")]
    [InlineData("Kestrel:Endpoints:Https:Sni:a.example.org:Url", "http://x", "Kestrel:Endpoints:Https:Sni:a.example.org:Url is not a setting. Kestrel:Endpoints:Https:Sni:a.example.org takes Certificate, ClientCertificateMode, Protocols, SslProtocols.")]
    [InlineData("Kestrel:Endpoints:Https:ClientCertificateMode", "Required", "Kestrel:Endpoints:Https:ClientCertificateMode 'Required' is not one Kestrel knows")]
    [InlineData("Kestrel:Endpoints:Http", "http://*:80", "Kestrel:Endpoints:Http is not a setting: an endpoint is a section, Kestrel:Endpoints:{name}:Url and the like.")]
    [InlineData("Kestrel:EndpointDefaults:Url", "http://*:80", "Kestrel:EndpointDefaults:Url is not a setting. Kestrel:EndpointDefaults takes ClientCertificateMode, Protocols, SslProtocols.")]
    [InlineData("Kestrel:Certificates:Default:Passwrd", "x", "Kestrel:Certificates:Default:Passwrd is not a setting. A certificate (Kestrel:Certificates:{name}) takes AllowInvalid,")]
    public void A_setting_Kestrel_would_not_read_is_named(string key, string value, string expected)
    {
        var problems = KestrelSettings.Problems(Configuration(new() { [key] = value }));

        var problem = Assert.Single(problems);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void What_Kestrel_reads_passes_in_any_case()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://*:8091",
            ["Kestrel:Endpoints:Grpc:Protocols"] = "http2",
            ["kestrel:endpoints:https:url"] = "https://*:8443",
            ["Kestrel:Endpoints:Https:Protocols"] = "Http1AndHttp2AndHttp3",
            ["Kestrel:Endpoints:Https:SslProtocols:0"] = "Tls12",
            ["Kestrel:Endpoints:Https:SslProtocols:1"] = "tls13",
            ["Kestrel:Endpoints:Https:ClientCertificateMode"] = "AllowCertificate",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = "cert.pem",
            ["Kestrel:Endpoints:Https:Certificate:KeyPath"] = "key.pem",
            ["Kestrel:Endpoints:Https:Certificate:AllowInvalid"] = "true",
            ["Kestrel:Endpoints:Https:Sni:a.example.org:Certificate:Subject"] = "a.example.org",
            ["Kestrel:Endpoints:Https:Sni:a.example.org:Protocols"] = "Http1",
            ["Kestrel:Endpoints:Https:Sni:*.example.org:SslProtocols:0"] = "Tls13",
            ["Kestrel:EndpointDefaults:Protocols"] = "Http1AndHttp2",
            ["Kestrel:Certificates:Default:Path"] = "cert.pfx",
            ["Kestrel:Certificates:Default:Password"] = "secret",
            ["Kestrel:Limits:MaxRequestBodySize"] = "1000000",
            ["kestrel:limits:http2:initialstreamwindowsize"] = "1048576",
            ["Kestrel:Limits:KeepAliveTimeout"] = "00:02:00",
            ["Kestrel:Limits:Http2:MaxStreamsPerConnection"] = "200",
            ["Kestrel:Limits:Http3:MaxRequestHeaderFieldSize"] = "32768",
            ["Crops:MinScor"] = "0.5", // not Kestrel's: UnknownSettings names it
        };

        Assert.Empty(KestrelSettings.Problems(Configuration(settings)));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_hosts_appsettings_passes(string appsettings)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.File([.. appsettings.Split('/')])).Build();

        Assert.NotEmpty(configuration.GetSection("Kestrel:Endpoints").GetChildren());
        Assert.Empty(KestrelSettings.Problems(configuration));
    }

    public static TheoryData<string> Hosts() =>
        [.. HostSettings.Services.Select(s => $"services/{s}/Siamese.{char.ToUpperInvariant(s[0])}{s[1..]}.Host/appsettings.json"), "services/standalone/Siamese.Standalone/appsettings.json"];

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
