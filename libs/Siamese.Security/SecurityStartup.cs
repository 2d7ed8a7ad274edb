using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>At start: loads the key store (an unreadable one fails the start, naming the file) and says how callers are checked.</summary>
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
        LogApiKeys(logger, store.Path, store.Document.Tenants.Count, keys.HasAdminKey ? "configured" : "not configured (the admin API refuses every call)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Security is OPEN (Security:Mode=Open): no API key is checked and the tenant is whatever a request names. Every endpoint binds loopback; never expose this host.")]
    private static partial void LogOpen(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "API keys required on every call; key store {Path} ({Tenants} tenants); admin key {Admin}")]
    private static partial void LogApiKeys(ILogger logger, string path, int tenants, string admin);
}
