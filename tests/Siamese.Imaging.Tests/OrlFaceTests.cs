using Siamese.Model;

namespace Siamese.Imaging.Tests;

public class OrlFaceTests
{
    [Fact]
    public void RealOrlFaceDecodesTo92By112()
    {
        // xunit 2 has no dynamic skip: without the shared ORL folder there is nothing to check.
        if (SharedData.OrlFaces is not { } root || !File.Exists(Path.Combine(root, "s1", "1.pgm")))
        {
            return;
        }

        var face = ImageDecoder.LoadGray(Path.Combine(root, "s1", "1.pgm"));

        Assert.Equal(92, face.Width);
        Assert.Equal(112, face.Height);
        Assert.Contains(face.Pixels, p => p > 0);
        Assert.All(face.Pixels, p => Assert.InRange(p, 0f, 255f));
    }
}
