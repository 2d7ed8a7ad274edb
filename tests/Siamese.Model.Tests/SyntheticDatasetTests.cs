using Siamese.Imaging;

namespace Siamese.Model.Tests;

public sealed class SyntheticDatasetTests : IDisposable
{
    private readonly TempFolder _root = new();

    [Fact]
    public void WritesAFolderPerClassThatScanReadsBack()
    {
        var generated = SyntheticDataset.Generate(_root.Path, classes: 3, perClass: 4, seed: 1);

        var scanned = FolderDataset.Scan(_root.Path);

        Assert.Equal(12, generated.Count);
        Assert.Equal(generated, scanned);
        Assert.Equal(["item-001", "item-002", "item-003"], scanned.Select(i => i.Label).Distinct());
        Assert.EndsWith(Path.Combine("item-001", "01.png"), scanned[0].Path, StringComparison.Ordinal);
        var first = ImageDecoder.LoadGray(scanned[0].Path);
        Assert.Equal((92, 112), (first.Width, first.Height));
    }

    [Fact]
    public void SameSeedGivesTheSameBytesAndAnotherSeedDoesNot()
    {
        var a = SyntheticDataset.Generate(Path.Combine(_root.Path, "a"), 4, 3, seed: 7);
        var b = SyntheticDataset.Generate(Path.Combine(_root.Path, "b"), 4, 3, seed: 7);
        var c = SyntheticDataset.Generate(Path.Combine(_root.Path, "c"), 4, 3, seed: 8);

        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(a[i].Path), File.ReadAllBytes(b[i].Path));
        }

        Assert.NotEqual(File.ReadAllBytes(a[0].Path), File.ReadAllBytes(c[0].Path));
    }

    [Fact]
    public void PhotosOfOneItemDifferButResembleEachOtherMoreThanOtherItems()
    {
        const int classes = 8;
        const int perClass = 4;
        var images = SyntheticDataset.Generate(_root.Path, classes, perClass, seed: 3)
            .Select(i => Normalised(ImageDecoder.LoadGray(i.Path).Resize(23, 28)))
            .ToArray();

        double within = 0, between = 0;
        int withinCount = 0, betweenCount = 0;
        for (var i = 0; i < images.Length; i++)
        {
            for (var j = i + 1; j < images.Length; j++)
            {
                var d = Distance(images[i], images[j]);
                if (i / perClass == j / perClass)
                {
                    Assert.True(d > 0, $"images {i} and {j} of one class are identical: no variation");
                    within += d;
                    withinCount++;
                }
                else
                {
                    between += d;
                    betweenCount++;
                }
            }
        }

        Assert.True(within / withinCount < between / betweenCount, $"within {within / withinCount:F2} vs between {between / betweenCount:F2}");
    }

    public void Dispose() => _root.Dispose();

    /// <summary>Zero mean, unit variance: lighting changes alone should not decide the comparison.</summary>
    private static float[] Normalised(GrayImage image)
    {
        var mean = image.Pixels.Average();
        var std = MathF.Sqrt(image.Pixels.Select(p => (p - mean) * (p - mean)).Average()) + 1e-3f;
        return image.Pixels.Select(p => (p - mean) / std).ToArray();
    }

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
