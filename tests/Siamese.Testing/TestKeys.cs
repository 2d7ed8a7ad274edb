using Grpc.Net.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Security;

namespace Siamese.Testing;

/// <summary>
/// API keys for hosts under test: a key store in the test's folder, fixed admin and service keys, and tenant keys
/// created in the host's own store. Tests run with security on, as users do; a test that wants no key says so.
/// </summary>
public static class TestKeys
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghij";
    public const string ServiceKey = "test-service-key-0123456789abcdefghij";

    /// <summary>The settings that turn keys on with a key store under <paramref name="directory"/>.</summary>
    public static Dictionary<string, string?> Settings(string directory) => new()
    {
        ["Security:KeyStorePath"] = Path.Combine(directory, "keys", "keys.json"),
        ["Security:AdminKey"] = AdminKey,
        ["Security:ServiceKey"] = ServiceKey,
    };

    /// <summary>A new key of <paramref name="tenant"/> (created when new) in the store of the host behind <paramref name="services"/>.</summary>
    public static string For(IServiceProvider services, string tenant)
    {
        ArgumentNullException.ThrowIfNull(services);
        var administration = services.GetRequiredService<TenantAdministration>();
        if (administration.ListTenants().All(t => t.Name != tenant))
        {
            administration.CreateTenant(tenant);
        }

        return administration.CreateKey(tenant, "tests").Key;
    }

    /// <summary>An HTTP client to a test server whose every request carries <paramref name="key"/> (none when null).</summary>
    public static HttpClient Http(TestServer server, string? key)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new HttpClient(WithKey(server.CreateHandler(), key)) { BaseAddress = server.BaseAddress };
    }

    /// <summary>A gRPC channel to a test server whose every call carries <paramref name="key"/> (none when null).</summary>
    public static GrpcChannel Channel(TestServer server, string? key)
    {
        ArgumentNullException.ThrowIfNull(server);
        return GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = WithKey(server.CreateHandler(), key) });
    }

    private static HttpMessageHandler WithKey(HttpMessageHandler inner, string? key) => key is null ? inner : new KeyHandler(key) { InnerHandler = inner };

    private sealed class KeyHandler(string key) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.Headers.Contains(ApiKeyDefaults.Header))
            {
                request.Headers.Add(ApiKeyDefaults.Header, key);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
