using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// UltraFace through detect's whole per-frame path (decode PNG, stretch, run, NMS, grow, crop, resize) beside
/// raw ONNX Runtime on the same model and input size, single stream, same thread settings, same run. Beside them,
/// in the same run, YuNet (detect's default) through detect's path (decode, detect, landmark refinement, aligned
/// crop) and raw ONNX Runtime on <c>yunet_s_dynamic.onnx</c> with the same frames, so the cost of alignment shows.
/// </summary>
public sealed class DetectBenchmark : IBenchmark
{
    public string Name => "detect";

    public string Description => "UltraFace and YuNet (aligned crops) frames/s through the detector vs raw ONNX Runtime (--frames N, --threads T).";

    public Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var frames = ServingArgs.Int(args, "--frames", 400);
        var threads = ServingArgs.Int(args, "--threads", 1);
        var model = SharedData.UltraFaceModel ?? throw new InvalidOperationException($"UltraFace model not found (set {SharedData.ModelsVariable}).");
        var yuNetModel = SharedData.YuNetModel ?? throw new InvalidOperationException($"YuNet model not found (set {SharedData.ModelsVariable}).");
        var scenes = Scenes(40);

        using var detectors = DetectPath.Detectors(null, model, threads);
        var crops = new CropOptions { Detector = DetectorKind.UltraFace, IntraOpThreads = threads };
        var (detectorPerSecond, facesPerFrame) = FrameTiming.Detector(DetectPath.Create(detectors, crops, DetectPath.ItemCrop), scenes, frames);

        var input = new float[3 * 240 * 320];
        detectors.UltraFace.WriteInput(ImageDecoder.DecodeRgb(scenes[0]), input);
        var rawPerSecond = FrameTiming.Raw(model, threads, input, [1, 3, 240, 320], ["scores", "boxes"], frames);
        Console.WriteLine($"detector {detectorPerSecond:F1} frames/s, raw ONNX Runtime {rawPerSecond:F1} runs/s");
        var yuNet = YuNetRun.Measure(yuNetModel, scenes, frames, threads);
        Console.WriteLine($"yunet aligned {yuNet.AlignedPerSecond:F1} frames/s, raw ONNX Runtime {yuNet.RawPerSecond:F1} runs/s");
        return Task.FromResult<object>(new
        {
            Model = Path.GetFileName(model),
            FrameSize = "320x240 PNG (ORL face pasted into a noisy gray scene)",
            Frames = frames,
            IntraOpThreads = threads,
            DetectorPerS = Math.Round(detectorPerSecond, 1),
            RawPerS = Math.Round(rawPerSecond, 1),
            DetectorOverheadPct = Math.Round((rawPerSecond / detectorPerSecond - 1) * 100, 1),
            FacesPerFrame = Math.Round(facesPerFrame, 3),
            YunetModel = Path.GetFileName(yuNetModel),
            YunetAlignedPerS = Math.Round(yuNet.AlignedPerSecond, 1),
            YunetRawPerS = Math.Round(yuNet.RawPerSecond, 1),
            YunetAlignedOverheadPct = Math.Round((yuNet.RawPerSecond / yuNet.AlignedPerSecond - 1) * 100, 1),
            YunetFacesPerFrame = Math.Round(yuNet.FacesPerFrame, 3),
            YunetRefinePasses = yuNet.RefinePasses,
        });
    }

    private static List<byte[]> Scenes(int count)
    {
        if (SharedData.OrlFaces is { } orl)
        {
            return [.. OrlScenes.Draw(orl, count).Select((d, i) => OrlScenes.Scene(d.Path, i).Png)];
        }

        var noise = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ =>
            ImageEncoder.EncodePng(new GrayImage(320, 240, [.. Enumerable.Range(0, 320 * 240).Select(_ => (float)noise.Next(256))])))];
    }
}
