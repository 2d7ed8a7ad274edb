namespace Siamese.Trainer.Cli;

/// <summary>An option naming a file the verb writes at its end, checked before its work (minutes of training).</summary>
internal static class OutputFile
{
    /// <summary>Refuses a path that is a folder (the write at the end failed with the system's "Is a directory").</summary>
    /// <param name="example">A file name for the message; its extension names the kind of file (ONNX, JSON).</param>
    /// <returns>The path, unchanged (null when the option was not given).</returns>
    public static string? Check(string option, string? path, string example)
    {
        if (path is not null && Directory.Exists(path))
        {
            var kind = Path.GetExtension(example).TrimStart('.').ToUpperInvariant();
            throw new ArgumentException($"{option} '{path}' is a folder: name the {kind} file to write, e.g. {Path.Combine(path, example)}.");
        }

        return path;
    }
}
