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
