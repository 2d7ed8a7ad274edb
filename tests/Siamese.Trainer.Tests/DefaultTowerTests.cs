using Siamese.Imaging;
using Siamese.Trainer.Data;

namespace Siamese.Trainer.Tests;

public sealed class DefaultTowerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("siamese-default-tower-").FullName;

    [Fact]
    public void AFolderOfColourPhotosIsColour()
    {
        Write("apple", i => new RgbImage(8, 8, [.. Enumerable.Range(0, 64).SelectMany(p => new[] { (byte)(200 - i), (byte)(40 + p), (byte)30 })]));

        Assert.True(ColourProbe.IsColour(directory));
    }

    [Fact]
    public void GrayImagesSavedAsColourFilesAreGray()
    {
        Write("glyph", i => new RgbImage(8, 8, [.. Enumerable.Range(0, 64).SelectMany(p => Enumerable.Repeat((byte)((p * 4) + i), 3))]));

        Assert.False(ColourProbe.IsColour(directory));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private void Write(string label, Func<int, RgbImage> image)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, label)).FullName;
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"{i}.png"), ImageEncoder.EncodePng(image(i)));
        }
    }
}
