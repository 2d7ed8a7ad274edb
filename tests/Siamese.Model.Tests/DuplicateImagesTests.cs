namespace Siamese.Model.Tests;

public sealed class DuplicateImagesTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public void ARepeatWithinAClassIsLeftOutAndItsFirstCopyKept()
    {
        // Yale faces ships nine of these: subjectNN/normal.gif byte for byte = subjectNN/noglasses.gif.
        Write("s1/noglasses.gif", 1);
        Write("s1/normal.gif", 1);
        Write("s1/sad.gif", 2);
        Write("s2/normal.gif", 3);

        var duplicates = DuplicateImages.Find(FolderDataset.Scan(_root.Path));

        Assert.Equal(["s1/noglasses.gif", "s1/sad.gif", "s2/normal.gif"], duplicates.Kept.Select(Name));
        Assert.Equal(("s1/noglasses.gif", "s1/normal.gif"), (Name(duplicates.Repeats[0].First), Name(duplicates.Repeats[0].Repeat)));
        Assert.Empty(duplicates.Conflicts);
        Assert.Equal(
            ["Left out: 1 image that repeats another image of its class byte for byte (s1/normal.gif = s1/noglasses.gif): " +
             "a copy teaches nothing new, and a probe identical to its enrolled image would flatter the figures."],
            duplicates.Describe());
    }

    [Fact]
    public void APictureUnderTwoClassesIsLeftOutEveryCopy()
    {
        Write("a/1.png", 1);
        Write("a/2.png", 2);
        Write("b/1.png", 3);
        Write("b/2.png", 1);

        var duplicates = DuplicateImages.Find(FolderDataset.Scan(_root.Path));

        Assert.Equal(["a/2.png", "b/1.png"], duplicates.Kept.Select(Name));
        Assert.Equal(["a/1.png", "b/2.png"], duplicates.Conflicts.Single().Select(Name));
        Assert.Contains("Left out: 1 picture found under two classes or more, every copy (a/1.png = b/2.png)", duplicates.Describe().Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void DistinctFilesOfOneLengthAndEmptyFilesAreNotDuplicates()
    {
        Write("a/1.png", 1);
        Write("a/2.png", 2);
        File.WriteAllBytes(Path.Combine(_root.Path, "a", "empty.png"), []);
        Directory.CreateDirectory(Path.Combine(_root.Path, "b"));
        File.WriteAllBytes(Path.Combine(_root.Path, "b", "empty.png"), []);

        var scanned = FolderDataset.Scan(_root.Path);
        var duplicates = DuplicateImages.Find(scanned);

        // Same length, other bytes: kept. Empty files are left to the decoder, which names them ("the file is empty").
        Assert.Same(scanned, duplicates.Kept);
        Assert.Empty(duplicates.Describe());
    }

    [Fact]
    public void AddedImagesAreKeptAsFindWouldKeepThem()
    {
        // --data photos, then --gallery images: a copy of a photo of its class, a copy of another class's photo, a copy
        // of a photo of another length than most, a repeat within the gallery, and two new pictures.
        Write("photos/a/1.png", 1);
        Write("photos/a/2.png", 2);
        Write("photos/b/1.png", 3);
        Write("photos/c/1.png", 9, length: 128);
        Write("gallery/a/g.png", 1);
        Write("gallery/b/g.png", 2);
        Write("gallery/c/g.png", 9, length: 128);
        Write("gallery/d/g1.png", 5);
        Write("gallery/d/g2.png", 5);
        Write("gallery/e/g.png", 6, length: 32);
        var known = FolderDataset.Scan(Path.Combine(_root.Path, "photos"));
        var added = FolderDataset.Scan(Path.Combine(_root.Path, "gallery"));

        var kept = DuplicateImages.KeptOfAdded(known, added);

        Assert.Equal(["d/g1.png", "e/g.png"], kept.Select(Name));
        var found = DuplicateImages.Find([.. known, .. added]).Kept.ToHashSet();
        Assert.Equal(added.Where(found.Contains), kept);
        Assert.Empty(DuplicateImages.KeptOfAdded(known, []));
    }

    public void Dispose() => _root.Dispose();

    private static string Name(LabeledImage image) => $"{image.Label}/{Path.GetFileName(image.Path)}";

    private void Write(string relative, byte content, int length = 64)
    {
        var path = Path.Combine(_root.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. Enumerable.Repeat(content, length)]);
    }
}
