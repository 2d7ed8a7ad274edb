namespace Siamese.Trainer.Cli;

/// <summary>An option naming a file the verb writes at its end, checked before its work (minutes of training).</summary>
internal static class OutputFile
{
    /// <summary>
    /// Refuses an empty path, a path that is a folder or ends with a folder separator (the write at the end failed with
    /// the system's "Is a directory" or "Could not find a part of the path"), and a path whose folder takes no new file
    /// (the write failed naming its temporary file). Nothing is created: the nearest existing folder on the way is
    /// tried with a file that is deleted as it closes.
    /// </summary>
    /// <param name="example">A file name for the message; its extension names the kind of file (ONNX, JSON).</param>
    /// <returns>The path, unchanged (null when the option was not given).</returns>
    public static string? Check(string option, string? path, string example)
    {
        if (path is null)
        {
            return null;
        }

        var kind = Path.GetExtension(example).TrimStart('.').ToUpperInvariant();
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option} is empty: name the {kind} file to write, e.g. {example}.");
        }

        if (Directory.Exists(path) || Path.EndsInDirectorySeparator(path))
        {
            throw new ArgumentException($"{option} '{path}' is a folder: name the {kind} file to write, e.g. {Path.Combine(path, example)}.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        if (folder is not null)
        {
            var probe = Path.Combine(folder, $".siamese-write-check-{Guid.NewGuid():N}");
            try
            {
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is UnauthorizedAccessException ? "permission denied"
                    : ex.Message.Contains(probe, StringComparison.Ordinal) ? "the system refused to create a file there" : ex.Message;
                throw new ArgumentException($"{option} '{path}' cannot be written: '{folder}' takes no new file ({reason}).", ex);
            }
        }

        return path;
    }
}
