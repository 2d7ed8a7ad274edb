using Siamese.Contracts;

namespace Siamese.Match;

/// <summary>Tenant, subject and display-name checks of match: the shared <see cref="NameRules"/>, thrown as invalid arguments.</summary>
public static class Identifiers
{
    /// <summary>The tenant to use: <paramref name="defaultTenant"/> when empty (open mode only: with API keys the key's tenant is filled in).</summary>
    public static string Tenant(string? tenant, string defaultTenant) =>
        string.IsNullOrEmpty(tenant) ? defaultTenant
        : NameRules.TenantError(tenant) is { } error ? throw new ArgumentException(error)
        : tenant;

    /// <summary>A subject id: 1..256 characters, no control characters, not only spaces.</summary>
    public static string Subject(string? subjectId) =>
        NameRules.SubjectError(subjectId) is { } error ? throw new ArgumentException(error) : subjectId!;

    /// <summary>A display name: null when empty (the caller keeps the existing one), at most 256 characters otherwise.</summary>
    public static string? DisplayName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null
        : NameRules.DisplayNameError(displayName) is { } error ? throw new ArgumentException(error)
        : displayName;
}
