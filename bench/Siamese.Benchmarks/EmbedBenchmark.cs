using System.Diagnostics;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Benchmarks;

/// <summary>
/// Embeddings per second at batch 32 and 64: ONNX Runtime in-process (raw) beside the embed service through
/// loopback gRPC (8-bit crops at the model's input size; validation, preprocessing, batching, serialisation included), measured in the same run.
/// </summary>
public sealed class EmbedBenchmark : IBenchmark
{
    public string Name => "embed";

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
            var rawBefore = MeasureRaw(raw, batch, seconds / 2.0);
            var servicePerSecond = await MeasureServiceAsync(modelPath, raw, batch, seconds, concurrency, cancellationToken);
            var rawPerSecond = (rawBefore + MeasureRaw(raw, batch, seconds / 2.0)) / 2;
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

    private static double MeasureRaw(OnnxEmbedder model, int batch, double seconds)
    {
        var input = new float[batch * model.InputLength];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 251) / 251f;
        }

        model.Run(input, batch);
        var crops = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            model.Run(input, batch);
            crops += batch;
        }

        return crops / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> MeasureServiceAsync(
        string modelPath, OnnxEmbedder model, int batch, int seconds, int concurrency, CancellationToken cancellationToken)
    {
        await using var host = await ServingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Models:Embedding"] = modelPath,
            ["Embed:MaxBatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Embed:MaxCropsPerRequest"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
        var client = new Embedder.EmbedderClient(host.Channel);
        var request = new EmbedRequest();
        for (var c = 0; c < batch; c++)
        {
            var pixels = new GrayPixels { Width = model.Metadata.InputWidth, Height = model.Metadata.InputHeight };
            pixels.Data = Google.Protobuf.ByteString.CopyFrom([.. Enumerable.Range(0, model.InputLength).Select(i => (byte)((i + c) % 256))]);
            request.Crops.Add(new Crop { Pixels = pixels });
        }

        await client.EmbedAsync(request, cancellationToken: cancellationToken);
        var crops = 0L;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var response = await client.EmbedAsync(request, cancellationToken: cancellationToken);
                Interlocked.Add(ref crops, response.Embeddings.Count);
            }
        });
        await Task.WhenAll(workers);
        return crops / clock.Elapsed.TotalSeconds;
    }

    private sealed record EmbedRun(int Batch, double RawPerS, double ServicePerS, double ServiceOverRaw, int Concurrency);
}
