using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.Security.Admin;
using Siamese.ServiceDefaults;

namespace Siamese.Security;

/// <summary>API-key security for a host: every endpoint requires a valid key unless it says otherwise (health, metrics).</summary>
public static class SecurityRegistration
{
    /// <summary>
    /// Binds <see cref="SecurityOptions"/> (validated at start; open mode only on loopback), registers the key store and
    /// the API-key scheme, and makes an authenticated caller the fallback policy, so an endpoint added later is protected
    /// without doing anything. Idempotent.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeySecurity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(KeyStore)))
        {
            return builder;
        }

        builder.AddValidatedOptions<SecurityOptions>(SecurityOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, LoopbackBinding>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<KeyStore>();
        builder.Services.AddSingleton<DeploymentKeys>();
        builder.Services.AddSingleton<TenantAdministration>();
        builder.Services.AddHostedService<SecurityStartup>();
        builder.Services.AddHostedService<KeyStoreReloader>();
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddSingleton<MappedOnce>();
        builder.Services.AddSingleton<TenantInterceptor>();
        builder.Services.AddTransient<ServiceKeyInterceptor>();
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<TenantInterceptor>());
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyDefaults.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(ApiKeyDefaults.AdminPolicy, p => p
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireRole(nameof(CallerRole.Admin), nameof(CallerRole.Open)));
        return builder;
    }

    /// <summary>This host calls another Siamese host (<paramref name="why"/> names the setting that makes it): a service key is required, unless open.</summary>
    public static IHostApplicationBuilder RequireServiceKey(this IHostApplicationBuilder builder, string why)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddApiKeySecurity();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>>(new ServiceKeyRequired(why));
        return builder;
    }

    /// <summary>
    /// The Admin gRPC service (tenants and keys; REST under <c>/v1/admin</c> through JSON transcoding). Mapped by the host that
    /// owns the key store's writes (match, standalone); needs the host's gRPC registration.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminService(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (FirstTime(endpoints, nameof(AdminGrpcService)))
        {
            endpoints.MapGrpcService<AdminGrpcService>();
        }

        return endpoints;
    }

    /// <summary>True the first time <paramref name="name"/> is mapped on this host (the standalone host maps match's and ingest's endpoints together).</summary>
    internal static bool FirstTime(IEndpointRouteBuilder endpoints, string name)
    {
        var mapped = endpoints.ServiceProvider.GetRequiredService<MappedOnce>();
        lock (mapped)
        {
            return mapped.Add(name);
        }
    }

    private sealed class MappedOnce : HashSet<string>
    {
        public MappedOnce()
            : base(StringComparer.Ordinal)
        {
        }
    }

    private sealed class ServiceKeyRequired(string why) : IValidateOptions<SecurityOptions>
    {
        public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
            options.Mode == SecurityMode.Open || options.ReadServiceKey() is not null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"{why} makes this host call another Siamese host, which needs the deployment's service key: set Security:ServiceKey " +
                    "or Security:ServiceKeyFile (the same on every host).");
    }
}
