using Siamese.Inference;

namespace Siamese.Benchmarks;

/// <summary>
/// Embeddings per second at batch 32 and 64: ONNX Runtime in-process (raw) beside the embed service through
/// loopback gRPC (8-bit crops at the model's input size; validation, preprocessing, batching, serialisation included), measured in the same run.
/// </summary>
public sealed class EmbedBenchmark : IBenchmark
{
    public string Name => "embed";

    public IReadOnlyList<string> Options => ["--model", "--seconds", "--concurrency"];


    public string Description => "raw ONNX Runtime vs the embed service over gRPC at batch 32 and 64 [--model model.onnx] [--seconds 5] [--concurrency 4]";

    public async Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var modelPath = ServingArgs.Model(args, required: false);
        var seconds = ServingArgs.Int(args, "--seconds", 5);
        var concurrency = ServingArgs.Int(args, "--concurrency", 4);
        using var raw = new OnnxEmbedder(modelPath);
        var runs = new List<EmbedRun>();
        foreach (var batch in new[] { 32, 64 })
        {
            // Raw before and after the service run, averaged: a shared machine's load drifts during a run.
            var rawBefore = EmbedThroughput.MeasureRaw(raw, batch, seconds / 2.0);
            var servicePerSecond = await EmbedThroughput.MeasureServiceAsync(modelPath, raw, ExecutionProvider.Cpu, batch, seconds, concurrency, cancellationToken);
            var rawPerSecond = (rawBefore + EmbedThroughput.MeasureRaw(raw, batch, seconds / 2.0)) / 2;
            var run = new EmbedRun(batch, Math.Round(rawPerSecond, 1), Math.Round(servicePerSecond, 1), Math.Round(servicePerSecond / rawPerSecond, 3), concurrency);
            Console.WriteLine($"batch {batch}: raw {run.RawPerS:0}/s, service {run.ServicePerS:0}/s ({run.ServiceOverRaw:P0})");
            runs.Add(run);
        }

        return new
        {
            Model = raw.Metadata.ModelId,
            Input = $"{raw.Metadata.InputHeight}x{raw.Metadata.InputWidth}",
            raw.Metadata.EmbeddingDimension,
            ExecutionProvider = raw.ActiveProvider.ToString(),
            SecondsPerMeasurement = seconds,
            Target = "service_per_s >= 0.75 * raw_per_s",
            Runs = runs,
        };
    }

    private sealed record EmbedRun(int Batch, double RawPerS, double ServicePerS, double ServiceOverRaw, int Concurrency);
}
