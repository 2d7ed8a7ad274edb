using Microsoft.Extensions.Options;
using Siamese.Detect;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Model;
using Siamese.ServiceDefaults;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>Detect's per-frame path (decode, crop planner, 8-bit crops) for a 46×56 stand-in model of the given crop rule, as the detect service builds it.</summary>
internal static class DetectPath
{
    public static FrameDetector Create(DetectorSet detectors, CropOptions crops, string crop)
    {
        var model = PixelModel.Write(Path.Combine(Path.GetTempPath(), $"siamese-detect-bench-{Guid.NewGuid():N}.onnx"), 56, 46, crop);
        var models = Options.Create(new ModelsOptions { Embedding = model });
        return new FrameDetector(new CropPlanner(detectors, crops), new EmbeddingModelFile(models), ImageLimits.Default, Options.Create(new DetectOptions()));
    }

    /// <summary>The detectors with every model the benchmark runs.</summary>
    public static DetectorSet Detectors(string? yuNet, string? ultraFace, int threads) => new(yuNet, ultraFace, threads);

    public static string ItemCrop => ModelCrops.Resize;

    public static string FaceCrop => ModelCrops.YuNetAligned;
}
