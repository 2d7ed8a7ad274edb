namespace Siamese.Trainer.Tests;

/// <summary>Enrolment folders for --gallery tests: each class's first image of a data folder, as its catalogue image.</summary>
internal static class Catalogue
{
    /// <summary>Writes <paramref name="gallery"/> with the first image of every class of <paramref name="data"/> (or only of <paramref name="classes"/>) and returns it.</summary>
    public static string FirstImages(string data, string gallery, IEnumerable<string>? classes = null)
    {
        var wanted = classes?.ToHashSet(StringComparer.Ordinal);
        foreach (var classFolder in Directory.GetDirectories(data).Where(c => wanted is null || wanted.Contains(Path.GetFileName(c))))
        {
            var target = Directory.CreateDirectory(Path.Combine(gallery, Path.GetFileName(classFolder))).FullName;
            File.Copy(Directory.GetFiles(classFolder).Order().First(), Path.Combine(target, "catalogue.png"));
        }

        return gallery;
    }
}
