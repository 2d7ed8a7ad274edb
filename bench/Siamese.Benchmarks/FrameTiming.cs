using System.Diagnostics;
using Siamese.Detect;

namespace Siamese.Benchmarks;

/// <summary>The loops of the detect benchmark, each after 20 warm-ups.</summary>
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
        using var raw = new RawSession(model, threads, input, shape, outputs);
        for (var i = 0; i < WarmUp; i++)
        {
            raw.Run();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < frames; i++)
        {
            raw.Run();
        }

        return frames / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Two loops timed in alternating rounds (<paramref name="rounds"/> of <paramref name="frames"/>/rounds calls each),
    /// so that load from other processes, which drifts over seconds, falls on both alike. Wall-clock and process CPU
    /// time per call of each.
    /// </summary>
    public static (Rate First, Rate Second) Interleaved(Action<int> first, Action second, int frames, int rounds)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            first(i);
            second();
        }

        var process = Process.GetCurrentProcess();
        var a = new Stopwatch();
        var b = new Stopwatch();
        TimeSpan cpuA = default, cpuB = default;
        var done = 0;
        for (var round = 0; round < rounds; round++)
        {
            var n = ((round + 1) * frames / rounds) - done;
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            a.Start();
            for (var i = 0; i < n; i++)
            {
                first(done + i);
            }

            a.Stop();
            process.Refresh();
            var cpu1 = process.TotalProcessorTime;
            b.Start();
            for (var i = 0; i < n; i++)
            {
                second();
            }

            b.Stop();
            process.Refresh();
            cpuA += cpu1 - cpu0;
            cpuB += process.TotalProcessorTime - cpu1;
            done += n;
        }

        return (new Rate(frames / a.Elapsed.TotalSeconds, frames / cpuA.TotalSeconds),
            new Rate(frames / b.Elapsed.TotalSeconds, frames / cpuB.TotalSeconds));
    }

    /// <summary>Calls per second of wall-clock time, and per second of this process's CPU time (steadier on a shared machine).</summary>
    public readonly record struct Rate(double PerSecond, double PerCpuSecond);
}
