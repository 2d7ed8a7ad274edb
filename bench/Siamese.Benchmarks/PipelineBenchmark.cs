using System.Net.Sockets;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// Frames POSTed to ingest until their result is fetchable (detect → embed → match), in the standalone shape
/// (one process, in-memory bus) and distributed (the four service hosts as processes over RabbitMQ), plus the raw
/// MassTransit-over-RabbitMQ message ceiling measured in the same run. Both modes run the same detector, set
/// explicitly: YuNet with landmark-aligned crops (the product default); the pixel stand-in declares aligned crops.
/// </summary>
public sealed class PipelineBenchmark : IBenchmark
{
    public string Name => "pipeline";

    public string Description => "POST-to-result latency and frames/s, standalone vs RabbitMQ (--frames N, --concurrency C, --model M).";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var frames = ServingArgs.Int(args, "--frames", 500);
        var concurrency = ServingArgs.Int(args, "--concurrency", 16);
        var orl = SharedData.OrlFaces ?? throw new InvalidOperationException($"ORL faces not found (set {SharedData.OrlFacesVariable}).");
        var yuNet = SharedData.YuNetModel ?? throw new InvalidOperationException($"YuNet model not found (set {SharedData.ModelsVariable}).");
        var rabbitMq = new Uri(Environment.GetEnvironmentVariable("SIAMESE_RABBITMQ") is { Length: > 0 } r ? r : "amqp://guest:guest@127.0.0.1:5672/");
        var temp = Path.Combine(Path.GetTempPath(), "siamese-pipeline-model-" + Guid.NewGuid().ToString("N")[..8] + ".onnx");
        var model = ServingArgs.Value(args, "--model")
            ?? (Environment.GetEnvironmentVariable("SIAMESE_ORL_MODEL") is { Length: > 0 } m ? m : PixelModel.Write(temp, crop: ModelCrops.YuNetAligned));
        var draws = OrlScenes.Draw(orl, frames);
        var work = draws.Select((d, i) => (OrlScenes.Scene(d.Path, i).Png, "bench-cam", (string?)d.Subject)).ToList();

        if (!Reachable(rabbitMq))
        {
            throw new InvalidOperationException($"RabbitMQ is not reachable at {rabbitMq.Host}:{rabbitMq.Port} (set SIAMESE_RABBITMQ).");
        }

        var gallery = OrlScenes.Gallery(orl).ToList();
        var runs = new List<object>();
        await using (var host = await PipelineHost.StartAsync(model, yuNet, cancellationToken))
        {
            // The in-process host is open on loopback: frames without a key are the "default" tenant's.
            await host.EnrollAsync("default", gallery, cancellationToken);
            runs.Add(await MeasureAsync("standalone", host.Ingest, null, work, concurrency, cancellationToken));
        }

        var index = Path.Combine(Path.GetTempPath(), "siamese-pipeline-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var processes = await PipelineProcesses.StartAsync(new PipelineProcessOptions
            {
                RabbitMq = rabbitMq,
                ModelPath = model,
                IndexDirectory = index,
                YuNetModelPath = yuNet,
                UltraFaceModelPath = SharedData.UltraFaceModel,
            });
            var key = await processes.CreateTenantKeyAsync("bench", cancellationToken);
            await processes.EnrollAsync(key, gallery, cancellationToken);
            runs.Add(await MeasureAsync("rabbitmq", processes.Ingest, key, work, concurrency, cancellationToken));
        }
        finally
        {
            if (Directory.Exists(index))
            {
                Directory.Delete(index, recursive: true);
            }
        }

        var ceiling = await PipelineCeiling.MeasureAsync(rabbitMq, 20_000, cancellationToken);
        Console.WriteLine($"ceiling {ceiling:F0} msgs/s");
        File.Delete(temp);
        return new
        {
            Model = model == temp
                ? "pixel stand-in declaring yunet-aligned crops (no trained model given: pass --model or set SIAMESE_ORL_MODEL)"
                : Path.GetFileName(model),
            Frames = frames,
            Concurrency = concurrency,
            Frame = "320x240 PNG, one ORL face pasted into a noisy scene",
            Detector = $"both modes: YuNet ({Path.GetFileName(yuNet)}) with landmark-aligned crops (detect's default; gallery cut the same way by match)",
            Hosts = "standalone: the four services' registration code in one process, in-memory bus; rabbitmq: the four service hosts as separate processes, every hop through the broker",
            Runs = runs,
            CeilingMsgsPerS = Math.Round(ceiling, 0),
        };
    }

    private static async Task<object> MeasureAsync(string mode, Uri ingest, string? apiKey,
        List<(byte[] Png, string, string?)> work, int concurrency, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = ingest };
        var runner = new LoadRunner(new FrameClient(http, apiKey), concurrency, pollInterval: TimeSpan.FromMilliseconds(5));
        await runner.RunAsync(work.Take(Math.Min(50, work.Count)).ToList(), cancellationToken);
        var result = await runner.RunAsync(work, cancellationToken);
        var done = result.Frames.Count(f => f.Status.Status == "Done");
        var right = result.Frames.Count(f => f.Status.TopSubject == f.Expected);
        Console.WriteLine($"{mode}: {result.FramesPerSecond:F1} frames/s, p50 {result.Percentile(50):F1} ms, p95 {result.Percentile(95):F1} ms, p99 {result.Percentile(99):F1} ms");
        return new
        {
            Mode = mode,
            FramesPerS = Math.Round(result.FramesPerSecond, 1),
            P50Ms = Math.Round(result.Percentile(50), 1),
            P95Ms = Math.Round(result.Percentile(95), 1),
            P99Ms = Math.Round(result.Percentile(99), 1),
            Done = done,
            TopSubjectRight = right,
        };
    }

    private static bool Reachable(Uri uri)
    {
        try
        {
            using var tcp = new TcpClient();
            return tcp.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672).Wait(TimeSpan.FromSeconds(3)) && tcp.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
    }
}
