using Siamese.Model;

namespace Siamese.Cli;

/// <summary>Splits a folder-per-class dataset by position within each class (natural file order).</summary>
internal static class DatasetSelection
{
    /// <summary>The first <paramref name="perClass"/> images of each class (all when null), and the rest.</summary>
    public static (IReadOnlyList<LabeledImage> First, IReadOnlyList<LabeledImage> Others) Split(IReadOnlyList<LabeledImage> images, int? perClass)
    {
        var first = new List<LabeledImage>();
        var rest = new List<LabeledImage>();
        foreach (var group in images.GroupBy(i => i.Label, StringComparer.Ordinal))
        {
            var index = 0;
            foreach (var image in group)
            {
                (perClass is null || index++ < perClass ? first : rest).Add(image);
            }
        }

        return (first, rest);
    }

    /// <summary>Scans the folder, or writes why it cannot be used and returns null.</summary>
    /// <param name="folder">A folder with a sub-folder of images per class.</param>
    /// <param name="withoutDuplicates">
    /// Leave out byte-identical images (<see cref="DuplicateImages"/>), saying so on standard error: a measurement
    /// (accuracy, calibration) must not score a probe against its own copy, nor one picture as two classes.
    /// </param>
    public static IReadOnlyList<LabeledImage>? TryScan(DirectoryInfo folder, bool withoutDuplicates = false)
    {
        try
        {
            var images = FolderDataset.Scan(folder.FullName);
            FolderDataset.ReportNotRead(folder.FullName, Console.Error);
            if (!withoutDuplicates)
            {
                return images;
            }

            var duplicates = DuplicateImages.Find(images);
            duplicates.Report(Console.Error);
            return duplicates.Kept;
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException or IOException)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }
}
