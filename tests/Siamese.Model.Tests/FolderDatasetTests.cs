namespace Siamese.Model.Tests;

public sealed class FolderDatasetTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public void ScanListsImagesByLabelThenFileInNaturalOrder()
    {
        Touch("s10/1.pgm", "s2/10.pgm", "s2/2.pgm", "s2/notes.txt", "s1/1.PNG");

        var images = FolderDataset.Scan(_root.Path);

        Assert.Equal(
            ["s1/1.PNG", "s2/2.pgm", "s2/10.pgm", "s10/1.pgm"],
            images.Select(i => $"{i.Label}/{Path.GetFileName(i.Path)}"));
    }

    [Fact]
    public void FilesUnderTheClassFoldersThatAreNotReadAreNamedWithWhy()
    {
        Touch("a/1.png", "a/notes.txt", "a/IMG_0001.HEIC", "a/session2/2.png", "a/.DS_Store", "a/.thumbs/3.png", "b/1.jpg", "loose.txt");

        var notRead = FolderDataset.NotRead(_root.Path);
        var line = FolderDataset.DescribeNotRead(_root.Path, notRead);

        // Before: left out without a word (a phone's HEIC photos, a class split into session folders).
        Assert.Equal(
            [("a/IMG_0001.HEIC", "not an image type read here"), ("a/notes.txt", "not an image type read here"), ("a/session2/2.png", "in a sub-folder of its class folder")],
            notRead.Select(n => (Path.GetRelativePath(_root.Path, n.Path), n.Why)));
        Assert.StartsWith("Not read: 3 file(s) under the class folders: a/IMG_0001.HEIC (not an image type read here); a/notes.txt", line, StringComparison.Ordinal);
        Assert.Contains("Read are the images directly in each class folder, of the types .bmp, .gif, .jpeg, .jpg,", line, StringComparison.Ordinal);
        Assert.Null(FolderDataset.DescribeNotRead(_root.Path, []));
    }

    [Fact]
    public void FilesAtTheTopLevelAreNotAClass()
    {
        Touch("loose.png", "a/1.png");

        var images = FolderDataset.Scan(_root.Path);

        Assert.Equal(["a"], images.Select(i => i.Label));
    }

    [Fact]
    public void MissingFolderIsAClearError()
    {
        var missing = Path.Combine(_root.Path, "nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => FolderDataset.Scan(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileGivenAsTheFolderIsSaidToBeAFile()
    {
        Touch("report.json");
        var file = Path.Combine(_root.Path, "report.json");

        var error = Assert.Throws<InvalidDataException>(() => FolderDataset.Scan(file));

        // Before: "does not exist", of a file that does.
        Assert.Equal($"Dataset folder '{file}' is a file: name the folder that holds one sub-folder of images per class.", error.Message);
        Assert.Equal($"--gallery '{file}' is a file: name the folder that holds one sub-folder of images per class.", FolderDataset.NotAFolder(file, "--gallery"));
        Assert.Null(FolderDataset.NotAFolder(_root.Path, "--gallery"));
    }

    [Fact]
    public void FolderWithoutImagesIsAClearError()
    {
        Touch("a/readme.txt");

        Assert.Throws<InvalidDataException>(() => FolderDataset.Scan(_root.Path));
    }

    [Fact]
    public void HiddenFilesAndFoldersAndAMacZipsFolderAreNotData()
    {
        Touch("a/1.jpg", "a/._1.jpg", "a/.DS_Store", ".thumbnails/t.png", "__MACOSX/a/._1.jpg", ".git/x.png");

        var images = FolderDataset.Scan(_root.Path);

        Assert.Equal(["a/1.jpg"], images.Select(i => $"{i.Label}/{Path.GetFileName(i.Path)}"));
    }

    [Fact]
    public void ImagesDeeperThanClassFoldersAreNamedInTheError()
    {
        Touch("people/alice/1.png", "people/alice/2.png", "people/bob/1.png");

        var error = Assert.Throws<InvalidDataException>(() => FolderDataset.Scan(_root.Path));

        Assert.Contains("3 image(s) lie deeper, e.g. '" + Path.Combine(_root.Path, "people", "alice", "1.png") + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains("point at the folder above the class folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesInTheFolderItselfAreNamedInTheError()
    {
        Touch("1.png", "2.png");

        var error = Assert.Throws<InvalidDataException>(() => FolderDataset.Scan(_root.Path));

        Assert.Contains("It holds 2 image(s) itself: put each class's images in a folder of its own under it.", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();

    private void Touch(params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(_root.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [0]);
        }
    }
}
