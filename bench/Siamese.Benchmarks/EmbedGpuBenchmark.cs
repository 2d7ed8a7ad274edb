using System.Globalization;
using Siamese.Inference;

namespace Siamese.Benchmarks;

/// <summary>
/// The embedder on CPU and on CUDA side by side, batch 1…256: raw ONNX Runtime beside the embed service over
/// loopback gRPC for each provider, measured in one run, and the dynamic-batching settings that measurement calls
/// for. A provider that cannot run fails the benchmark (no CPU fallback). deploy/gpu-smoke.sh builds the GPU
/// flavour and runs it; <c>--providers Cpu</c> checks the CPU half anywhere.
/// </summary>
public sealed class EmbedGpuBenchmark : IBenchmark
{
    /// <summary>Bigger batches than the smallest one within this share of the peak raw throughput only add latency.</summary>
    public const double PeakShare = 0.9;

    public string Name => "embed-gpu";

    public IReadOnlyList<string> Options => ["--model", "--providers", "--batches", "--seconds", "--concurrency"];


    public string Description =>
        "CPU vs CUDA, raw ONNX Runtime vs the embed service, batch 1..256; recommends Embed:MaxBatchSize/MaxBatchWait "
        + "[--model model.onnx] [--providers Cpu,Cuda] [--batches 1,2,4,...,256] [--seconds 2] [--concurrency 4]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var modelPath = ServingArgs.Model(args, required: false);
        var seconds = ServingArgs.Positive(args, "--seconds", 2);
        var concurrency = ServingArgs.Int(args, "--concurrency", 4);
        var providers = ServingArgs.EnumList<ExecutionProvider>(args, "--providers", "Cpu,Cuda");
        var batches = ServingArgs.IntList(args, "--batches", "1,2,4,8,16,32,64,128,256").ToList();

        var results = new List<ProviderRuns>();
        string? modelId = null, input = null;
        var dimension = 0;
        foreach (var provider in providers)
        {
            using var raw = new OnnxEmbedder(modelPath, provider, requireProvider: true);
            (modelId, input, dimension) = (raw.Metadata.ModelId, $"{raw.Metadata.InputHeight}x{raw.Metadata.InputWidth}", raw.Metadata.EmbeddingDimension);
            var runs = new List<BatchRun>();
            foreach (var batch in batches)
            {
                var rawPerS = EmbedThroughput.MeasureRaw(raw, batch, seconds);
                var servicePerS = await EmbedThroughput.MeasureServiceAsync(modelPath, raw, provider, batch, seconds, concurrency, cancellationToken);
                var run = new BatchRun(batch, Math.Round(rawPerS, 1), Math.Round(batch / rawPerS * 1000, 3), Math.Round(servicePerS, 1), Math.Round(servicePerS / rawPerS, 3));
                Console.WriteLine($"{ExecutionProviders.Name(provider),-8} batch {batch,4}: raw {run.RawPerS,9:0}/s ({run.RawBatchMs:0.###} ms/run), service {run.ServicePerS,9:0}/s ({run.ServiceOverRaw:P0})");
                runs.Add(run);
            }

            results.Add(new ProviderRuns(ExecutionProviders.Name(provider), ExecutionProviders.Name(raw.ActiveProvider), runs));
        }

        var fastest = results.MaxBy(r => r.Runs.Max(x => x.RawPerS))!;
        var recommendation = Recommend(fastest);
        Console.WriteLine($"recommended for {fastest.Provider}: Embed__MaxBatchSize={recommendation.MaxBatchSize} Embed__MaxBatchWait={recommendation.MaxBatchWait}");
        return new
        {
            Model = modelId,
            Input = input,
            EmbeddingDimension = dimension,
            SecondsPerMeasurement = seconds,
            Concurrency = concurrency,
            Providers = results,
            GpuOverCpu = Compare(results),
            Recommendation = recommendation,
        };
    }

    /// <summary>
    /// MaxBatchSize: the smallest batch at which both the raw model and the service reach <see cref="PeakShare"/> of
    /// their peak crops/s (past it a bigger batch adds latency, not throughput); failing that, the service's alone. MaxBatchWait: half of what running
    /// that batch takes, within 0.5–10 ms: at light load a crop then waits at most half a batch's run for company.
    /// </summary>
    private static Recommendation Recommend(ProviderRuns provider)
    {
        var rawPeak = provider.Runs.Max(r => r.RawPerS);
        var servicePeak = provider.Runs.Max(r => r.ServicePerS);
        var bySize = provider.Runs.OrderBy(r => r.Batch).ToList();

        // When no batch size is near both peaks (a noisy machine), the service's figure decides: it is what callers get.
        var chosen = bySize.FirstOrDefault(r => r.RawPerS >= PeakShare * rawPeak && r.ServicePerS >= PeakShare * servicePeak)
            ?? bySize.First(r => r.ServicePerS >= PeakShare * servicePeak);
        var waitMs = Math.Clamp(Math.Round(chosen.RawBatchMs / 2, 1), 0.5, 10);
        return new Recommendation(
            provider.Provider,
            chosen.Batch,
            TimeSpan.FromMilliseconds(waitMs).ToString("c", CultureInfo.InvariantCulture),
            chosen.ServiceOverRaw,
            $"smallest batch with raw >= {PeakShare:0.##} x peak ({rawPeak:0}/s) and service >= {PeakShare:0.##} x peak ({servicePeak:0}/s); "
            + "wait = half its raw run time, 0.5-10 ms");
    }

    /// <summary>CUDA over CPU crops/s per batch, raw and through the service (when both ran).</summary>
    private static List<Ratio> Compare(List<ProviderRuns> results)
    {
        var cpu = results.FirstOrDefault(r => r.Provider == "CPU");
        var gpu = results.FirstOrDefault(r => r.Provider != "CPU");
        if (cpu is null || gpu is null)
        {
            return [];
        }

        return [.. gpu.Runs.Join(cpu.Runs, g => g.Batch, c => c.Batch, (g, c) =>
            new Ratio(g.Batch, Math.Round(g.RawPerS / c.RawPerS, 2), Math.Round(g.ServicePerS / c.ServicePerS, 2)))];
    }

    private sealed record BatchRun(int Batch, double RawPerS, double RawBatchMs, double ServicePerS, double ServiceOverRaw);

    private sealed record ProviderRuns(string Provider, string Active, List<BatchRun> Runs);

    private sealed record Ratio(int Batch, double Raw, double Service);

    private sealed record Recommendation(string Provider, int MaxBatchSize, string MaxBatchWait, double ServiceOverRawAtThatBatch, string Rule);
}
