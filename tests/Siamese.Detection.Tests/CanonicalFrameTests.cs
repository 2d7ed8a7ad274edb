using Xunit.Abstractions;

namespace Siamese.Detection.Tests;

public sealed class CanonicalFrameTests(ITestOutputHelper output)
{
    /// <summary>Re-measures the <see cref="CanonicalFrame"/> landmark constants on all 400 ORL images.</summary>
    [SharedDataFact]
    public void CanonicalLandmarksMatchAFreshMeasurementOnOrl()
    {
        var measured = CanonicalFrame.Measure(TestData.Cropper(), TestData.AllOrlFaces());

        var names = new[] { "right eye", "left eye", "nose", "right mouth", "left mouth" };
        var points = measured.Mean.ToArray();
        var constants = CanonicalFrame.Landmarks.ToArray();
        output.WriteLine($"found {measured.Found}, missed {measured.Missed}");
        for (var i = 0; i < 5; i++)
        {
            output.WriteLine(FormattableString.Invariant($"{names[i]}: ({points[i].X:F2}, {points[i].Y:F2})"));
        }

        Assert.True(measured.Missed <= 4, $"YuNet missed {measured.Missed} of the 400 ORL faces");
        for (var i = 0; i < 5; i++)
        {
            Assert.True((points[i] - constants[i]).Length() < 0.1f, $"{names[i]} measured {points[i]}, constant {constants[i]}");
        }
    }
}
