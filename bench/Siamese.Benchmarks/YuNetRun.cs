using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// The YuNet half of the detect benchmark at one frame size: decoded frames through the aligned YuNet path
/// (<see cref="FaceCropper.Crop(RgbImage, float, float)"/>: detect, landmark refinement, aligned crop) beside raw
/// ONNX Runtime on the same model with the first frame's padded input, in alternating rounds.
/// </summary>
internal sealed record YuNetRun(
    string Frame, int Frames, string FaceHeightsPx, double AlignedPerS, double RawPerS, double Ratio,
    double AlignedPerCpuS, double RawPerCpuS, double CpuRatio, double FacesPerFrame)
{
    private static readonly string[] Outputs = [.. new[] { 8, 16, 32 }.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" })];

    /// <summary>
    /// Measures <paramref name="frames"/> frames each way on <paramref name="count"/> scenes of
    /// <paramref name="width"/>×<paramref name="height"/>: one ORL face each, scaled from its own 112 px height up to
    /// <paramref name="height"/>/240 times that (as large in the frame as an ORL face in a 320×240 one).
    /// </summary>
    public static YuNetRun Measure(FaceCropper cropper, string model, int threads, int width, int height, int frames, int count = 20)
    {
        var maxScale = height / 240f;
        var scenes = Scenes(width, height, maxScale, count);
        var faces = 0;
        var (input, padH, padW) = Input(scenes[0]);
        using var raw = new RawSession(model, threads, input, [1, 3, padH, padW], Outputs);
        var (aligned, rawRate) = FrameTiming.Interleaved(
            i => faces += cropper.Crop(scenes[i % scenes.Count]).Count, raw.Run, frames, rounds: 10);
        return new YuNetRun(
            $"{width}x{height}", frames, maxScale > 1 ? $"112-{112 * maxScale:F0}" : "112",
            Math.Round(aligned.PerSecond, 1), Math.Round(rawRate.PerSecond, 1), Math.Round(aligned.PerSecond / rawRate.PerSecond, 3),
            Math.Round(aligned.PerCpuSecond, 1), Math.Round(rawRate.PerCpuSecond, 1), Math.Round(aligned.PerCpuSecond / rawRate.PerCpuSecond, 3),
            Math.Round((double)faces / (frames + 20), 3));
    }

    private static List<RgbImage> Scenes(int width, int height, float maxScale, int count)
    {
        var random = new Random(11);
        if (Siamese.Model.SharedData.OrlFaces is { } orl)
        {
            return [.. OrlScenes.Draw(orl, count).Select((d, i) =>
            {
                var face = ImageDecoder.LoadGray(d.Path);
                var scale = 1 + (random.NextSingle() * (maxScale - 1));
                var sized = scale > 1 ? face.Resize((int)(face.Width * scale), (int)(face.Height * scale)) : face;
                return ImageDecoder.DecodeRgb(FaceScene.Create(sized, seed: i, width: width, height: height).Png);
            })];
        }

        // Without ORL faces: noise frames (no faces, so no refinement: the ratio then only shows the detector's own overhead).
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var rgb = new byte[width * height * 3];
            random.NextBytes(rgb);
            return new RgbImage(width, height, rgb);
        })];
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
