using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Match.Tests;

/// <summary>
/// A stand-in for the tower: a crop's embedding is [mean pixel / 10, 0, 0, 0], so a uniform image of gray
/// level g sits at g/10 and distances are easy to reason about (threshold 1.0 = 10 gray levels).
/// </summary>
internal static class FakeModel
{
    public const int Dimension = 4;

    public static readonly EmbedderModel Model = new(new ModelMetadata
    {
        Name = "fake",
        Version = "1",
        InputHeight = 8,
        InputWidth = 8,
        EmbeddingDimension = Dimension,
        Threshold = 1.0f,
    }, ExecutionProvider.Cpu, ExecutionProvider.Cpu, null);

    /// <summary>The same tower, declared as trained on YuNet-aligned faces at the ORL model's 46×56 input.</summary>
    public static readonly EmbedderModel Aligned = new(new ModelMetadata
    {
        Name = "fake-aligned",
        Version = "1",
        InputHeight = 56,
        InputWidth = 46,
        EmbeddingDimension = Dimension,
        Threshold = 1.0f,
        Crop = ModelCrops.YuNetAligned,
    }, ExecutionProvider.Cpu, ExecutionProvider.Cpu, null);

    public static float[] Embed(GrayImage crop) => [crop.Pixels.Average() / 10f, 0, 0, 0];

    public static float[] At(float gray) => [gray / 10f, 0, 0, 0];
}
