using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Detect.Tests;

/// <summary>Shared data for the tests: ORL faces and the UltraFace model when present (tests skip without them).</summary>
internal static class TestData
{
    public static string? UltraFace => SharedData.UltraFaceModel;

    public static bool YuNetAvailable => SharedData.YuNetModel is not null && SharedData.OrlFaces is not null;

    public static bool Available => UltraFace is not null && SharedData.OrlFaces is not null;

    public static GrayImage OrlFace(int subject, int image) =>
        ImageDecoder.LoadGray(Path.Combine(SharedData.OrlFaces!, $"s{subject}", $"{image}.pgm"));
}
