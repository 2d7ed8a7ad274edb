using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Siamese.Detect;

namespace Siamese.Benchmarks;

/// <summary>The two loops of the detect benchmark: frames through detect's path, and raw ONNX Runtime runs, each after 20 warm-ups.</summary>
internal static class FrameTiming
{
    private const int WarmUp = 20;

    /// <summary>Frames per second through <paramref name="detector"/> (cycling over <paramref name="scenes"/>), and faces per frame.</summary>
    public static (double PerSecond, double FacesPerFrame) Detector(FrameDetector detector, IReadOnlyList<byte[]> scenes, int frames)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            detector.Process("bench", scenes[i % scenes.Count], null);
        }

        var faces = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++)
        {
            faces += detector.Process("bench", scenes[i % scenes.Count], null).Crops.Count;
        }

        return (frames / clock.Elapsed.TotalSeconds, (double)faces / frames);
    }

    /// <summary>Runs per second of <paramref name="model"/> on one fixed input named "input", all thread settings as detect's.</summary>
    public static double Raw(string model, int threads, float[] input, long[] shape, string[] outputs, int frames)
    {
        using var sessionOptions = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
        };
        using var session = new InferenceSession(model, sessionOptions);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        string[] inputs = ["input"];
        using var runOptions = new RunOptions();
        for (var i = 0; i < WarmUp; i++)
        {
            using var warm = session.Run(runOptions, inputs, [tensor], outputs);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++)
        {
            using var result = session.Run(runOptions, inputs, [tensor], outputs);
        }

        return frames / clock.Elapsed.TotalSeconds;
    }
}
