using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Benchmarks;

/// <summary>
/// The YuNet half of the detect benchmark: frames through detect's YuNet path (decode PNG, detect, landmark
/// refinement, aligned crop) beside raw ONNX Runtime on the same model with the first frame's padded input.
/// </summary>
internal sealed record YuNetRun(double AlignedPerSecond, double RawPerSecond, double FacesPerFrame, int RefinePasses)
{
    /// <summary>Measures <paramref name="frames"/> frames (cycling over <paramref name="scenes"/>) each way, after 20 warm-up frames.</summary>
    public static YuNetRun Measure(string model, IReadOnlyList<byte[]> scenes, int frames, int threads)
    {
        using var detectors = DetectPath.Detectors(model, null, threads);
        var crops = new CropOptions { IntraOpThreads = threads };
        var (alignedPerSecond, facesPerFrame) = FrameTiming.Detector(DetectPath.Create(detectors, crops, DetectPath.FaceCrop), scenes, frames);
        var refinePasses = new FaceCropper(detectors.YuNet, new FaceAligner(46, 56)).RefinePasses;

        var (input, height, width) = Input(ImageDecoder.DecodeRgb(scenes[0]));
        string[] outputs = [.. new[] { 8, 16, 32 }.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" })];
        var rawPerSecond = FrameTiming.Raw(model, threads, input, [1, 3, height, width], outputs, frames);
        return new YuNetRun(alignedPerSecond, rawPerSecond, facesPerFrame, refinePasses);
    }

    /// <summary>YuNet's input as the detector builds it: BGR, 0..255, zero-padded right and bottom to multiples of 32.</summary>
    private static (float[] Input, int Height, int Width) Input(RgbImage frame)
    {
        var width = ((frame.Width - 1) / 32 + 1) * 32;
        var height = ((frame.Height - 1) / 32 + 1) * 32;
        var plane = width * height;
        var input = new float[3 * plane];
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var s = ((y * frame.Width) + x) * 3;
                var o = (y * width) + x;
                input[o] = frame.Rgb[s + 2];
                input[plane + o] = frame.Rgb[s + 1];
                input[(2 * plane) + o] = frame.Rgb[s];
            }
        }

        return (input, height, width);
    }
}
