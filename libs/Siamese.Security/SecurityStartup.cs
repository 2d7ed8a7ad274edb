using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// At start: loads the key store (an unreadable one fails the start, naming the file), checks that a host with the admin key
/// can write it, and says how callers are checked.
/// </summary>
internal sealed partial class SecurityStartup(
    KeyStore store, DeploymentKeys keys, IOptions<SecurityOptions> options, ILogger<SecurityStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode == SecurityMode.Open)
        {
            LogOpen(logger);
            return Task.CompletedTask;
        }

        store.ReloadIfChanged();
        if (keys.HasAdminKey)
        {
            // This host serves the admin API's writes: a store it cannot write fails the start, not the first tenant created.
            store.CheckWritable();
        }

        LogApiKeys(logger, store.Path, store.Document.Tenants.Count, keys.HasAdminKey ? "configured" : "not configured (the admin API refuses every call)");
        if (!keys.HasAdminKey && !keys.HasServiceKey && store.Document.Tenants.All(tenant => tenant.Keys.Count == 0))
        {
            // Not a failure: another host with the admin key may create keys in a shared store, and this one reloads it.
            LogNoCaller(logger, store.Path);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Security is OPEN (Security:Mode=Open): no API key is checked and the tenant is whatever a request names. Every endpoint binds loopback; never expose this host.")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No caller can be admitted yet: the key store {Path} holds no tenant key, and this host has neither an admin key nor a service key. Every call is refused until a host with the admin key creates a tenant and its key in that store. To try it on this machine, run without keys (Security:Mode=Open; `serve --open`, loopback only); to create tenants and keys through this host, give it the admin key (Security:AdminKeyFile; `serve --admin-key-file <file>`).")]
    private static partial void LogNoCaller(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required on every call; key store {Path} ({Tenants} tenants); admin key {Admin}")]
    private static partial void LogApiKeys(ILogger logger, string path, int tenants, string admin);
}
