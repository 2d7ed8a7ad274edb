namespace Siamese.Model;

/// <summary>
/// Whether a file or folder can be made at a path, asked before work that ends by writing there (a training, a demo):
/// the nearest existing folder on the way is tried with a file that is deleted as it closes, so nothing is left behind.
/// </summary>
public static class WritablePath
{
    /// <summary>
    /// Null when a new file can be made in <paramref name="folder"/> (or, where it does not exist yet, in the nearest
    /// existing folder above it); otherwise that folder and why not, in words for a person.
    /// </summary>
    /// <summary>
    /// The one line that refuses <paramref name="option"/> (its value shown as <paramref name="shown"/>) when no file can be
    /// made in <paramref name="folder"/>; null when one can.
    /// </summary>
    public static string? Problem(string option, string shown, string folder) =>
        Refusal(folder) is var (existing, reason) ? $"{option} '{shown}' cannot be written: '{existing}' takes no new file ({reason})." : null;

    public static (string Folder, string Reason)? Refusal(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        string? existing = Path.GetFullPath(folder);
        while (existing is not null && !Directory.Exists(existing))
        {
            existing = Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return null;
        }

        var probe = Path.Combine(existing, $".siamese-write-check-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The check's own file name means nothing to the reader.
            return (existing, ex is UnauthorizedAccessException ? "permission denied"
                : ex.Message.Contains(probe, StringComparison.Ordinal) ? "the system refused to create a file there" : ex.Message);
        }
    }
}
