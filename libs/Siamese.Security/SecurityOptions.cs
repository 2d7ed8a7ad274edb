using System.ComponentModel.DataAnnotations;

namespace Siamese.Security;

/// <summary>Settings of API-key security (section <c>Security</c>), shared by every host.</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string SectionName = "Security";

    /// <summary>Shortest admin or service key accepted: a guessable key would protect nothing.</summary>
    public const int MinimumSecretLength = 24;

    public SecurityMode Mode { get; set; } = SecurityMode.ApiKeys;

    /// <summary>The admin key (creates tenants and keys). Prefer <see cref="AdminKeyFile"/> (a mounted secret).</summary>
    public string? AdminKey { get; set; }

    /// <summary>A file holding the admin key (for example a Kubernetes secret mounted at /run/secrets/siamese/admin-key).</summary>
    public string? AdminKeyFile { get; set; }

    /// <summary>
    /// The key the hosts of one deployment use to call each other (match → embed); it may call embed and detect,
    /// never a tenant's data or the admin API. Prefer <see cref="ServiceKeyFile"/>.
    /// </summary>
    public string? ServiceKey { get; set; }

    /// <summary>A file holding the service key.</summary>
    public string? ServiceKeyFile { get; set; }

    /// <summary>
    /// The key store: tenants and the SHA-256 hashes of their keys, one small JSON file. Every host of a deployment
    /// reads the same file (a shared volume); the host serving the admin API writes it under a lock.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string KeyStorePath { get; set; } = "data/keys/keys.json";

    /// <summary>How often a host looks for changes to the key store (a revoked key stops working within this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in CheckSecret(AdminKey, AdminKeyFile, nameof(AdminKey), nameof(AdminKeyFile)))
        {
            yield return result;
        }

        foreach (var result in CheckSecret(ServiceKey, ServiceKeyFile, nameof(ServiceKey), nameof(ServiceKeyFile)))
        {
            yield return result;
        }

        // Before: "Access to the path '…/' is denied. Permission denied", which reads as a permissions problem.
        if (!string.IsNullOrWhiteSpace(KeyStorePath) && (Directory.Exists(KeyStorePath) || Path.EndsInDirectorySeparator(KeyStorePath)))
        {
            yield return new ValidationResult(
                $"Security:{nameof(KeyStorePath)} '{KeyStorePath}' is a folder: name the key store file, e.g. {Path.Combine(KeyStorePath, "keys.json")}.",
                [nameof(KeyStorePath)]);
        }
    }

    /// <summary>The admin key from <see cref="AdminKey"/> or <see cref="AdminKeyFile"/>; null when neither is set.</summary>
    public string? ReadAdminKey() => ReadSecret(AdminKey, AdminKeyFile);

    /// <summary>The service key from <see cref="ServiceKey"/> or <see cref="ServiceKeyFile"/>; null when neither is set.</summary>
    public string? ReadServiceKey() => ReadSecret(ServiceKey, ServiceKeyFile);

    private static string? ReadSecret(string? value, string? file) =>
        !string.IsNullOrWhiteSpace(value) ? value.Trim()
        : !string.IsNullOrWhiteSpace(file) && File.Exists(file) ? File.ReadAllText(file).Trim()
        : null;

    private static IEnumerable<ValidationResult> CheckSecret(string? value, string? file, string valueName, string fileName)
    {
        if (!string.IsNullOrWhiteSpace(value) && !string.IsNullOrWhiteSpace(file))
        {
            yield return new ValidationResult($"Set Security:{valueName} or Security:{fileName}, not both.", [valueName, fileName]);
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(file) && Directory.Exists(file))
        {
            yield return new ValidationResult($"Security:{fileName} '{file}' is a folder: name the file that holds the key.", [fileName]);
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(file) && !File.Exists(file))
        {
            yield return new ValidationResult($"Security:{fileName} '{file}' does not exist.", [fileName]);
            yield break;
        }

        var secret = ReadSecret(value, file);
        if (secret is not null && (secret.Length < MinimumSecretLength || secret.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            yield return new ValidationResult(
                $"Security:{(string.IsNullOrWhiteSpace(value) ? fileName : valueName)} holds a key that is too weak: use at least " +
                $"{MinimumSecretLength} printable characters without spaces (for example: openssl rand -base64 32).",
                [valueName]);
        }
    }
}
