using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// The admin and service keys of this deployment (configuration or mounted files), kept only as hashes in memory and
/// compared in constant time.
/// </summary>
public sealed class DeploymentKeys(IOptions<SecurityOptions> options)
{
    private readonly string? _adminHash = HashOf(options.Value.ReadAdminKey());
    private readonly string? _serviceHash = HashOf(options.Value.ReadServiceKey());

    /// <summary>Whether an admin key is configured (without one the admin API refuses every call).</summary>
    public bool HasAdminKey => _adminHash is not null;

    /// <summary>Whether a service key is configured (the key other hosts of the deployment call this one with).</summary>
    public bool HasServiceKey => _serviceHash is not null;

    /// <summary>The role of a deployment key, or null when <paramref name="key"/> is neither.</summary>
    public CallerRole? RoleOf(string key)
    {
        // Both comparisons always run, so timing does not tell which key was close.
        var admin = _adminHash is not null && ApiKeyFormat.Matches(key, _adminHash);
        var service = _serviceHash is not null && ApiKeyFormat.Matches(key, _serviceHash);
        return admin ? CallerRole.Admin : service ? CallerRole.Service : null;
    }

    private static string? HashOf(string? key) => key is null ? null : ApiKeyFormat.Hash(key);
}
