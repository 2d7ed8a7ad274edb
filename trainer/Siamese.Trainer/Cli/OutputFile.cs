using Siamese.Model;

namespace Siamese.Trainer.Cli;

/// <summary>An option naming a file or folder the verb writes, checked before its work (minutes of training).</summary>
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

        MustTakeNewFiles(option, path, Path.GetDirectoryName(Path.GetFullPath(path)));
        return path;
    }

    /// <summary>The same for an option naming a folder the verb writes into (made when it is not there).</summary>
    /// <param name="purpose">What the folder is for, as the message's end: "the run writes to".</param>
    public static string CheckFolder(string option, string path, string purpose)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{option} is empty: name the folder {purpose}.");
        }

        if (File.Exists(path))
        {
            throw new ArgumentException($"{option} '{path}' is a file: name the folder {purpose}.");
        }

        MustTakeNewFiles(option, path, Path.GetFullPath(path));
        return path;
    }

    private static void MustTakeNewFiles(string option, string path, string? folder)
    {
        if (folder is not null && WritablePath.Problem(option, path, folder) is { } unwritable)
        {
            throw new ArgumentException(unwritable);
        }
    }
}
