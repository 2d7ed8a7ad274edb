namespace Siamese.Contracts;

/// <summary>
/// The one set of rules for names a caller gives: tenants, subjects, display names and cameras. Every entry point
/// (match's gRPC and REST, ingest, the admin API, the bus) checks with these, so a name one accepts is never refused by
/// another. Each method returns null for a valid name and otherwise a message saying what is allowed.
/// </summary>
public static class NameRules
{
    /// <summary>Tenants are names in file paths, collection filters and metrics: a short, plain alphabet.</summary>
    public const int MaxTenantLength = 64;

    /// <summary>Longest subject id.</summary>
    public const int MaxSubjectLength = 256;

    /// <summary>Longest display name (also of an API key's label).</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>Longest camera id.</summary>
    public const int MaxCameraLength = 128;

    /// <summary>1..64 letters, digits, '-', '_' or '.', starting with a letter or digit (so never "." or "..").</summary>
    public static string? TenantError(string? tenant) =>
        IsPlain(tenant, MaxTenantLength)
            ? null
            : $"Tenant '{Shorten(tenant)}' is not valid: use 1..{MaxTenantLength} letters, digits, '-', '_' or '.', starting with a letter or digit.";

    /// <summary>1..256 characters, no control characters, not only white space.</summary>
    public static string? SubjectError(string? subject)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            return "Subject id is empty: name the subject.";
        }

        return subject.Length > MaxSubjectLength || subject.Any(char.IsControl)
            ? $"Subject id '{Shorten(subject)}' is not valid: use 1..{MaxSubjectLength} characters without control characters."
            : null;
    }

    /// <summary>Empty (keep or derive the name) or up to 256 characters without control characters.</summary>
    public static string? DisplayNameError(string? displayName) =>
        displayName is null || (displayName.Length <= MaxDisplayNameLength && !displayName.Any(char.IsControl))
            ? null
            : $"Display name '{Shorten(displayName)}' is not valid: use at most {MaxDisplayNameLength} characters without control characters.";

    /// <summary>1..128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.</summary>
    public static string? CameraError(string? camera)
    {
        if (string.IsNullOrWhiteSpace(camera))
        {
            return "The camera id is missing.";
        }

        var valid = camera.Length <= MaxCameraLength && char.IsAsciiLetterOrDigit(camera[0])
            && camera.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
        return valid ? null : $"Camera id '{Shorten(camera)}' is invalid: use 1..{MaxCameraLength} letters, digits, '.', '_', ':' or '-'.";
    }

    /// <summary>A name as it may be echoed in a message: at most 40 characters, control characters shown as '?'.</summary>
    public static string Shorten(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var head = text.Length <= 40 ? text : text[..40] + "…";
        return string.Create(head.Length, head, (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
    }

    private static bool IsPlain(string? name, int maxLength) =>
        !string.IsNullOrEmpty(name) && name.Length <= maxLength && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
