namespace Siamese.Match;

/// <summary>Checks tenant and subject ids, with messages that say what is allowed.</summary>
public static class Identifiers
{
    public const int MaxTenantLength = 64;
    public const int MaxSubjectLength = 128;

    /// <summary>The tenant to use: <paramref name="defaultTenant"/> when empty; letters, digits, '-', '_', '.' otherwise.</summary>
    public static string Tenant(string? tenant, string defaultTenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return defaultTenant;
        }

        if (tenant.Length > MaxTenantLength || !tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException(
                $"Tenant '{Shorten(tenant)}' is not valid: use 1..{MaxTenantLength} letters, digits, '-', '_' or '.'.");
        }

        return tenant;
    }

    /// <summary>A subject id: 1..128 characters, no control characters, not only spaces.</summary>
    public static string Subject(string? subjectId)
    {
        if (string.IsNullOrWhiteSpace(subjectId))
        {
            throw new ArgumentException("Subject id is empty: name the subject.");
        }

        if (subjectId.Length > MaxSubjectLength || subjectId.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"Subject id '{Shorten(subjectId)}' is not valid: use 1..{MaxSubjectLength} characters without control characters.");
        }

        return subjectId;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
