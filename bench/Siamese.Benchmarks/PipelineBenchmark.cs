using System.Net.Sockets;
using Siamese.Model;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// Throughput against ceilings, in one run: each stage's own capacity (detect frames/s, embed crops/s, match
/// identifies/s, standalone: <see cref="StageCapacity"/>), then frames POSTed to ingest until their result arrives
/// (detect → embed → match) in the standalone shape (one process, in-memory bus) and distributed (the four service
/// hosts as processes over RabbitMQ, with persistent messages and with transient ones) with the queue waits the hosts' /metrics report, then the raw
/// MassTransit-over-RabbitMQ message ceiling. Every mode runs the same detector, set explicitly: YuNet with
/// landmark-aligned crops (the product default); the pixel stand-in declares aligned crops.
/// </summary>
public sealed class PipelineBenchmark : IBenchmark
{
    private const string TransientVariable = "SIAMESE_RABBITMQ_TRANSIENT";

    public string Name => "pipeline";

    public IReadOnlyList<string> Options => ["--frames", "--concurrency", "--model", "--modes", "--rounds"];


    public string Description => "Each stage's own capacity beside end-to-end frames/s and queue waits, standalone and over RabbitMQ (--frames N, --concurrency C, --model M, --modes standalone,rabbitmq,rabbitmq-transient, --rounds R).";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var frames = ServingArgs.Int(args, "--frames", 500);
        var concurrency = ServingArgs.Int(args, "--concurrency", 16);
        var modes = (ServingArgs.Value(args, "--modes") ?? "standalone,rabbitmq,rabbitmq-transient").Split(',');
        if (modes.FirstOrDefault(m => m is not ("standalone" or "rabbitmq" or "rabbitmq-transient")) is { } unknown)
        {
            throw new ArgumentException($"Unknown mode '{unknown}' in --modes: standalone, rabbitmq or rabbitmq-transient.");
        }

        var roundCount = ServingArgs.Int(args, "--rounds", 3);
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

        // The in-process host is open on loopback: frames without a key are the "default" tenant's.
        const string tenant = "default";
        var gallery = OrlScenes.Gallery(orl).ToList();
        var loadBefore = ResultsFile.LoadAverage();

        // Both shapes stay up for the whole run and the rounds alternate (stages alone, standalone, RabbitMQ): on a
        // shared machine each end-to-end figure is compared with the stages measured minutes, not hours, from it.
        await using var host = await PipelineHost.StartAsync(model, yuNet, cancellationToken);
        await host.EnrollAsync(tenant, gallery, cancellationToken);
        var distributed = new Dictionary<string, (PipelineProcesses Processes, string ApiKey, string Index)>(StringComparer.Ordinal);
        var rounds = new List<object>();
        var ratios = new Dictionary<string, List<(double FramesPerS, double Ratio)>>(StringComparer.Ordinal);
        var slowest = new List<double>();
        try
        {
            // rabbitmq: the product's default (persistent messages); rabbitmq-transient: Messaging:PersistentMessages=false,
            // on a virtual host of its own (two deployments on one vhost would consume each other's messages).
            foreach (var mode in modes.Where(m => m.StartsWith("rabbitmq", StringComparison.Ordinal)))
            {
                var broker = mode == "rabbitmq" ? rabbitMq : TransientBroker(rabbitMq);
                var index = Path.Combine(Path.GetTempPath(), "siamese-pipeline-bench-" + Guid.NewGuid().ToString("N")[..8]);
                var processes = await StartProcessesAsync(mode, new PipelineProcessOptions
                {
                    RabbitMq = broker,
                    ModelPath = model,
                    IndexDirectory = index,
                    YuNetModelPath = yuNet,
                    UltraFaceModelPath = SharedData.UltraFaceModel,
                    CommonEnvironment = new Dictionary<string, string>
                    {
                        ["Messaging__PersistentMessages"] = mode == "rabbitmq-transient" ? "false" : "true",
                    },
                });
                distributed[mode] = (processes, "", index);
                var apiKey = await processes.CreateTenantKeyAsync("bench", cancellationToken);
                await processes.EnrollAsync(apiKey, gallery, cancellationToken);
                distributed[mode] = (processes, apiKey, index);
            }

            // Round 0 is not recorded: every host's code reaches its optimised tier (the first pass over the frames
            // spent 3-6x the CPU per frame in embed and match of what later ones did).
            for (var round = 0; round <= roundCount; round++)
            {
                var stages = await StageCapacity.MeasureAsync(host.Services, tenant, [.. work.Select(w => w.Png)], cancellationToken);
                Console.WriteLine($"round {round}, stages alone: {stages}");
                if (round > 0)
                {
                    slowest.Add(stages.SlowestFramesPerS);
                }

                var runs = new List<object>();
                foreach (var mode in modes)
                {
                    var (ingest, metrics, cpu, key) = distributed.TryGetValue(mode, out var d)
                        ? (d.Processes.Ingest, (IReadOnlyList<Uri>)[.. d.Processes.HttpAddresses().Values], (Func<IReadOnlyDictionary<string, TimeSpan>>?)d.Processes.ProcessorTimes, d.ApiKey)
                        : (host.Ingest, [host.Ingest], null, null);
                    var run = await MeasureAsync(mode, ingest, metrics, key, work, concurrency, cpu, cancellationToken);
                    if (round == 0)
                    {
                        continue;
                    }

                    runs.Add(Report(run.Mode, run.Result, run.Cpu, run.Waits, run.Load, stages));
                    ratios.TryAdd(mode, []);
                    ratios[mode].Add((run.Result.FramesPerSecond, run.Result.FramesPerSecond / stages.SlowestFramesPerS));
                }

                if (round > 0)
                {
                    rounds.Add(new { Round = round, Stages = stages, Runs = runs });
                }
            }
        }
        finally
        {
            foreach (var (processes, _, index) in distributed.Values)
            {
                await processes.DisposeAsync();
                if (Directory.Exists(index))
                {
                    Directory.Delete(index, recursive: true);
                }
            }
        }

        var ceiling = await PipelineCeiling.MeasureAsync(rabbitMq, 20_000, 0, cancellationToken);
        var frameSized = await PipelineCeiling.MeasureAsync(rabbitMq, 5_000, (int)work.Average(w => w.Png.Length), cancellationToken);
        Console.WriteLine($"ceiling {ceiling.MsgsPerS:F0} msgs/s; per message {ceiling}, frame-sized {frameSized}");
        File.Delete(temp);
        return new
        {
            Model = model == temp
                ? "pixel stand-in declaring yunet-aligned crops (no trained model given: pass --model or set SIAMESE_ORL_MODEL)"
                : Path.GetFileName(model),
            Frames = frames,
            Concurrency = concurrency,
            Frame = "320x240 PNG, one ORL face pasted into a noisy scene",
            Detector = $"every mode: YuNet ({Path.GetFileName(yuNet)}) with landmark-aligned crops (detect's default; gallery cut the same way by match)",
            Hosts = "standalone: the four services' registration code in one process, in-memory bus; rabbitmq: the four service hosts as separate processes, every hop through the broker, messages persistent (the default); "
                + "rabbitmq-transient: the same with Messaging:PersistentMessages=false (delivery mode 1: kept in the broker's memory only)",
            Client = "one camera: POSTs frames keeping at most `concurrency` unanswered, results followed on ingest's server-sent-event stream; latency is POST to result",
            LoadAverageAtStart = loadBefore,
            Rounds = roundCount,
            Summary = new
            {
                SlowestStageFramesPerS = Math.Round(Stats.Median(slowest), 1),
                Modes = ratios.Select(r => new
                {
                    Mode = r.Key,
                    FramesPerS = Math.Round(Stats.Median(r.Value.Select(v => v.FramesPerS)), 1),
                    RatioToSlowestStage = Math.Round(Stats.Median(r.Value.Select(v => v.Ratio)), 3),
                }),
                How = "medians over the rounds (after an unrecorded warm-up round); each ratio is a round's end-to-end frames/s over the slowest stage measured alone in the same round "
                    + "(each stage alone in the standalone host, all cores to itself, the same frames, no bus: detect = decode + crop planner + crops, "
                    + "one frame per core; embed = the embedder on the crops in the consumer's batches and concurrency; match = nearest subject of one "
                    + "crop's vector). shared_cores_frames_per_s: the most the three stages can do together on the same cores; cpu_bound_frames_per_s: "
                    + "what the cores allow at the CPU the mode spent per frame in every process (hosts, broker, client)",
            },
            Detail = rounds,
            CeilingMsgsPerS = ceiling.MsgsPerS,
            MessageCost = new
            {
                How = "one hop alone: MassTransit publish (publisher confirms) → RabbitMQ (durable queue, persistent) → empty consumer, "
                    + "in one process; CPU per message of the broker and of that process (publish and consume together); "
                    + "a frame-sized message carries a byte array the size of this run's mean frame, as FrameReceived does",
                Small = ceiling,
                FrameSized = frameSized,
            },
            TargetRatio = 0.6,
        };
    }

    /// <summary><c>SIAMESE_RABBITMQ_TRANSIENT</c>, else the broker of <paramref name="rabbitMq"/> on the vhost named after its own with "-transient".</summary>
    private static Uri TransientBroker(Uri rabbitMq)
    {
        if (Environment.GetEnvironmentVariable(TransientVariable) is { Length: > 0 } set)
        {
            return new Uri(set);
        }

        var vhost = Uri.UnescapeDataString(rabbitMq.AbsolutePath.TrimStart('/'));
        return new UriBuilder(rabbitMq) { Path = "/" + Uri.EscapeDataString((vhost.Length == 0 ? "siamese" : vhost) + "-transient") }.Uri;
    }

    private static async Task<PipelineProcesses> StartProcessesAsync(string mode, PipelineProcessOptions options)
    {
        try
        {
            return await PipelineProcesses.StartAsync(options);
        }
        catch (Exception ex) when (mode == "rabbitmq-transient" && ex is not OperationCanceledException)
        {
            var vhost = Uri.UnescapeDataString(options.RabbitMq.AbsolutePath.TrimStart('/'));
            throw new InvalidOperationException(
                $"Mode rabbitmq-transient runs its hosts on a virtual host of their own, {vhost} at {options.RabbitMq.Host}:{options.RabbitMq.Port}, and they did not start. "
                + $"Create it (rabbitmqctl add_vhost {vhost}; rabbitmqctl set_permissions --vhost {vhost} <user> '.*' '.*' '.*'), set {TransientVariable} to another, "
                + "or leave the mode out (--modes standalone,rabbitmq).", ex);
        }
    }

    private static async Task<(string Mode, LoadResult Result, Dictionary<string, double> Cpu, IReadOnlyList<object> Waits, double[]? Load)> MeasureAsync(
        string mode, Uri ingest, IReadOnlyList<Uri> metricsHosts, string? apiKey, List<(byte[] Png, string, string?)> work, int concurrency,
        Func<IReadOnlyDictionary<string, TimeSpan>>? hosts, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = ingest, Timeout = Timeout.InfiniteTimeSpan };
        var camera = new StreamingCamera(http, apiKey, "bench-cam", concurrency);
        await camera.RunAsync(work.Take(Math.Min(50, work.Count)).ToList(), cancellationToken);
        var waitsBefore = await QueueWaits.ScrapeAsync(metricsHosts, cancellationToken);
        var cpuBefore = CpuSnapshot.Take(hosts?.Invoke());
        var result = await camera.RunAsync(work, cancellationToken);
        var cpu = CpuSnapshot.PerFrame(cpuBefore, CpuSnapshot.Take(hosts?.Invoke()), work.Count);
        var waits = QueueWaits.Between(waitsBefore, await QueueWaits.ScrapeAsync(metricsHosts, cancellationToken));
        Console.WriteLine($"{mode}: {result.FramesPerSecond:F1} frames/s, p50 {result.Percentile(50):F1} ms, p95 {result.Percentile(95):F1} ms; "
            + $"CPU ms/frame: {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:F1}"))}");
        return (mode, result, cpu, waits, ResultsFile.LoadAverage());
    }

    private static object Report(string mode, LoadResult result, Dictionary<string, double> cpu, IReadOnlyList<object> waits, double[]? load, StageCapacity capacity)
    {
        // What the machine's cores allow at the CPU this mode spent per frame (every host, the broker, the client).
        var cpuBound = Environment.ProcessorCount * 1000 / Math.Max(1e-9, cpu.Values.Sum());
        return new
        {
            Mode = mode,
            FramesPerS = Math.Round(result.FramesPerSecond, 1),
            RatioToSlowestStage = Math.Round(result.FramesPerSecond / capacity.SlowestFramesPerS, 3),
            RatioToSharedCores = Math.Round(result.FramesPerSecond / capacity.SharedCoresFramesPerS, 3),
            CpuBoundFramesPerS = Math.Round(cpuBound, 1),
            RatioToCpuBound = Math.Round(result.FramesPerSecond / cpuBound, 3),
            P50Ms = Math.Round(result.Percentile(50), 1),
            P95Ms = Math.Round(result.Percentile(95), 1),
            P99Ms = Math.Round(result.Percentile(99), 1),
            Done = result.Frames.Count(f => f.Status.Status == "Done"),
            TopSubjectRight = result.Frames.Count(f => f.Status.TopSubject == f.Expected),
            QueueWaits = waits,
            CpuMsPerFrame = cpu,
            LoadAverageAfter = load,
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
