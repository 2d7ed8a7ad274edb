using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Imaging.Tests;

public class OrlFaceTests
{
    [SharedDataFact(NeedsYuNet = false)]
    public void RealOrlFaceDecodesTo92By112()
    {
        var face = ImageDecoder.LoadGray(Path.Combine(SharedData.OrlFaces!, "s1", "1.pgm"));

        Assert.Equal(92, face.Width);
        Assert.Equal(112, face.Height);
        Assert.Contains(face.Pixels, p => p > 0);
        Assert.All(face.Pixels, p => Assert.InRange(p, 0f, 255f));
    }
}
