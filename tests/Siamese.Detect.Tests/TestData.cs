using Siamese.Imaging;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Detect.Tests;

/// <summary>Stand-in models (written once per run) and ORL faces when present.</summary>
internal static class TestData
{
    private static readonly TempDirectory Models = new();
    private static readonly Lazy<string> Item = new(() => PixelModel.Write(Path.Combine(Models.Path, "item.onnx"), 56, 46, ModelCrops.Resize));
    private static readonly Lazy<string> Face = new(() => PixelModel.Write(Path.Combine(Models.Path, "face.onnx"), 56, 46, ModelCrops.YuNetAligned));

    /// <summary>A 46×56 model of items (<c>siamese.crop = resize</c>).</summary>
    public static string ItemModel => Item.Value;

    /// <summary>A 46×56 model of YuNet-aligned faces.</summary>
    public static string FaceModel => Face.Value;

    public static GrayImage OrlFace(int subject, int image) =>
        ImageDecoder.LoadGray(Path.Combine(SharedData.OrlFaces!, $"s{subject}", $"{image}.pgm"));
}
