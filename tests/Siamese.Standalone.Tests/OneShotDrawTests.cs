using Siamese.Model;

namespace Siamese.Standalone.Tests;

public sealed class OneShotDrawTests
{
    [Fact]
    public void AByteForByteCopyIsLeftOutOfTheDrawAsTheTrainerLeavesItOut()
    {
        // Yale faces ships nine repeats (normal.gif = noglasses.gif): the demo drew them as probes of their own enrolled
        // copies, won at distance 0, so the served figure was not the trainer's for the same draw (84.0% against 83.0%).
        using var folder = new TempDirectory();
        LabeledImage Write(string label, string name, string content)
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, label));
            var path = Path.Combine(folder.Path, label, name);
            File.WriteAllText(path, content);
            return new LabeledImage(label, path);
        }

        var a1 = Write("a", "1.png", "picture a1");
        var a2 = Write("a", "2.png", "picture a1");
        var a3 = Write("a", "3.png", "picture a3");
        var b1 = Write("b", "1.png", "picture b1");
        var b2 = Write("b", "2.png", "picture b2");

        var draw = OneShotDraw.Create([a1, a2, a3, b1, b2], reportPath: null);

        Assert.Equal([a1, b1], draw.Gallery);
        Assert.Equal([a3, b2], draw.Probes);
        Assert.Equal(1, draw.LeftOut);
    }
}
