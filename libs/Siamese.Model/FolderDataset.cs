using Siamese.Imaging;

namespace Siamese.Model;

/// <summary>
/// A folder per class: <c>root/&lt;label&gt;/*.{pgm,png,jpg,...}</c>. Hidden folders and files (a leading dot: <c>.git</c>,
/// <c>.DS_Store</c>, macOS's <c>._photo.jpg</c> resource forks) and the <c>__MACOSX</c> folder of a zip made on a Mac
/// are not data.
/// </summary>
public static class FolderDataset
{
    /// <summary>Every image under <paramref name="root"/>, ordered by label then file name (ordinal, numbers naturally).</summary>
    public static IReadOnlyList<LabeledImage> Scan(string root)
    {
        if (NotAFolder(root, "Dataset folder") is { } error)
        {
            throw File.Exists(root) ? new InvalidDataException(error) : new DirectoryNotFoundException(error);
        }

        var images = new List<LabeledImage>();
        foreach (var classDir in Directory.GetDirectories(root).Where(d => !IsHidden(d)).Order(NaturalComparer.Instance))
        {
            var label = System.IO.Path.GetFileName(classDir);
            images.AddRange(ImagesIn(classDir).Order(NaturalComparer.Instance).Select(file => new LabeledImage(label, file)));
        }

        if (images.Count == 0)
        {
            throw new InvalidDataException($"Dataset folder '{root}' has no images in class sub-folders ({root}/<class>/<image>).{WhereTheImagesAre(root)}");
        }

        return images;
    }

    /// <summary>How many files <see cref="DescribeNotRead"/> names; the rest are counted.</summary>
    public const int NamedNotRead = 5;

    /// <summary>
    /// Files under the class folders that <see cref="Scan"/> does not read, each with why: a name that is not one of the
    /// image types read (<c>notes.txt</c>, a phone's <c>photo.heic</c>), or an image in a sub-folder of a class folder.
    /// Hidden files and folders are not counted; at most a few levels deep and 10,000 files are looked at.
    /// </summary>
    public static IReadOnlyList<(string Path, string Why)> NotRead(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true };
        var notRead = new List<(string, string)>();
        foreach (var classDir in Safely(() => Directory.GetDirectories(root).Where(d => !IsHidden(d)).Order(NaturalComparer.Instance).ToList()))
        {
            var files = Safely(() => Directory.EnumerateFiles(classDir, "*", options).Take(10_000).ToList());
            foreach (var file in files.Order(NaturalComparer.Instance))
            {
                var relative = System.IO.Path.GetRelativePath(classDir, file);
                if (relative.Split(System.IO.Path.DirectorySeparatorChar).Any(IsHidden))
                {
                    continue;
                }

                if (!ImageDecoder.Extensions.Contains(System.IO.Path.GetExtension(file)))
                {
                    notRead.Add((file, "not an image type read here"));
                }
                else if (relative.Contains(System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    notRead.Add((file, "in a sub-folder of its class folder"));
                }
            }
        }

        return notRead;
    }

    /// <summary>
    /// One line naming what <see cref="NotRead"/> found (paths relative to <paramref name="root"/>) and what is read
    /// instead, or null when every file under the class folders is read.
    /// </summary>
    public static string? DescribeNotRead(string root, IReadOnlyList<(string Path, string Why)> notRead)
    {
        ArgumentNullException.ThrowIfNull(notRead);
        if (notRead.Count == 0)
        {
            return null;
        }

        var named = string.Join("; ", notRead.Take(NamedNotRead).Select(n => $"{System.IO.Path.GetRelativePath(root, n.Path)} ({n.Why})"));
        var more = notRead.Count > NamedNotRead ? $"; and {notRead.Count - NamedNotRead} more" : "";
        return $"Not read: {notRead.Count} file(s) under the class folders: {named}{more}. Read are the images directly in each class folder, " +
            $"of the types {string.Join(", ", ImageDecoder.Extensions.Order(StringComparer.Ordinal))}.";
    }

    /// <summary>Writes <see cref="DescribeNotRead"/>'s line for <paramref name="root"/>, if any.</summary>
    public static void ReportNotRead(string root, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (DescribeNotRead(root, NotRead(root)) is { } line)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>
    /// Why <paramref name="path"/>, given as <paramref name="name"/> (an option, "Dataset folder"), is not a folder of class
    /// folders: it does not exist, or it is a file; null when it is a folder.
    /// </summary>
    public static string? NotAFolder(string path, string name) =>
        Directory.Exists(path) ? null
        : File.Exists(path) ? $"{name} '{path}' is a file: name the folder that holds one sub-folder of images per class."
        : $"{name} '{path}' does not exist.";

    private static bool IsHidden(string path) =>
        System.IO.Path.GetFileName(path) is var name && (name.StartsWith('.') || name.Equals("__MACOSX", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> ImagesIn(string folder) =>
        Directory.EnumerateFiles(folder).Where(f => !IsHidden(f) && ImageDecoder.Extensions.Contains(System.IO.Path.GetExtension(f)));

    // On the error path only: images in the folder itself, or deeper than class folders, are the usual mistakes.
    private static string WhereTheImagesAre(string root)
    {
        var loose = ImagesIn(root).Take(1000).Count();
        if (loose > 0)
        {
            return $" It holds {(loose == 1000 ? "1,000 or more" : loose.ToString(System.Globalization.CultureInfo.InvariantCulture))} image(s) itself: put each class's images in a folder of its own under it.";
        }

        var deeper = Deeper(root).Take(1000).ToList();
        return deeper.Count == 0 ? ""
            : $" {(deeper.Count == 1000 ? "1,000 or more" : deeper.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} image(s) lie deeper, e.g. '{deeper[0]}': each class must be a folder directly under '{root}' holding its images (point at the folder above the class folders).";
    }

    // Breadth first, skipping hidden and unreadable folders, within a few levels and a bounded number of folders: a
    // mistaken --data (a home folder, "/") must still get its error at once.
    private static IEnumerable<string> Deeper(string root)
    {
        const int MaxDepth = 5;
        const int MaxFolders = 10_000;
        var level = Subfolders(root).ToList();
        var visited = 0;
        for (var depth = 1; depth <= MaxDepth && level.Count > 0 && visited < MaxFolders; depth++)
        {
            var next = new List<string>();
            foreach (var folder in level.TakeWhile(_ => visited++ < MaxFolders))
            {
                // Images directly in a class folder (depth 1) would have been found; below it, they are the ones to name.
                if (depth > 1)
                {
                    foreach (var file in Safely(() => ImagesIn(folder).Order(NaturalComparer.Instance).ToList()))
                    {
                        yield return file;
                    }
                }

                next.AddRange(Subfolders(folder));
            }

            level = next;
        }
    }

    private static IEnumerable<string> Subfolders(string folder) =>
        Safely(() => Directory.GetDirectories(folder).Where(d => !IsHidden(d)).Order(NaturalComparer.Instance).ToList());

    private static List<string> Safely(Func<List<string>> list)
    {
        try
        {
            return list();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return [];
        }
    }
}
