using System.Diagnostics;
using System.Globalization;
using Siamese.Inference;
using Siamese.Protos.V1;

namespace Siamese.Benchmarks;

/// <summary>
/// The two measurements the embed benchmarks compare: crops/s of the model in ONNX Runtime alone (raw) and of the
/// embed service over loopback gRPC (validation, preprocessing, batching and serialisation included).
/// </summary>
internal static class EmbedThroughput
{
    /// <summary>Crops/s of back-to-back runs of <paramref name="batch"/> crops for about <paramref name="seconds"/>.</summary>
    public static double MeasureRaw(OnnxEmbedder model, int batch, double seconds)
    {
        var input = new float[batch * model.InputLength];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (i % 251) / 251f;
        }

        return MeasureRaw(model, input, batch, seconds);
    }

    /// <summary>Crops/s of back-to-back runs of <paramref name="batch"/> crops of <paramref name="input"/> for about <paramref name="seconds"/>, after one run not timed.</summary>
    public static double MeasureRaw(OnnxEmbedder model, float[] input, int batch, double seconds)
    {
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

    /// <summary>
    /// Crops/s of the embed service (its batch limit = <paramref name="batch"/>) answering <paramref name="concurrency"/>
    /// callers that each send <paramref name="batch"/> crops per request, on <paramref name="provider"/> (required: no fallback).
    /// </summary>
    public static async Task<double> MeasureServiceAsync(
        string modelPath, OnnxEmbedder model, ExecutionProvider provider, int batch, double seconds, int concurrency, CancellationToken cancellationToken)
    {
        var size = batch.ToString(CultureInfo.InvariantCulture);
        await using var host = await ServingHost.StartAsync(new Dictionary<string, string?>
        {
            ["Models:Embedding"] = modelPath,
            ["Embed:ExecutionProvider"] = provider.ToString(),
            ["Embed:RequireGpu"] = provider == ExecutionProvider.Cpu ? "false" : "true",
            ["Embed:MaxBatchSize"] = size,
            ["Embed:MaxCropsPerRequest"] = size,
            // What an operator sets for batches of colour crops: 64 at 224×224×3 are 9.6 MB, over the default 8 MiB + 1 MiB message.
            ["ImageLimits:MaxBytes"] = Math.Max(8L * 1024 * 1024, (long)batch * model.InputLength).ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        var client = new Embedder.EmbedderClient(host.Channel);
        var request = new EmbedRequest();
        for (var c = 0; c < batch; c++)
        {
            // A colour model's crops go as colour pixels (R, G, B interleaved), as detect sends them; a gray model's as gray.
            var data = Google.Protobuf.ByteString.CopyFrom([.. Enumerable.Range(0, model.InputLength).Select(i => (byte)((i + c) % 256))]);
            request.Crops.Add(model.Metadata.InputChannels == 3
                ? new Crop { Colour = new ColourPixels { Width = model.Metadata.InputWidth, Height = model.Metadata.InputHeight, Data = data } }
                : new Crop { Pixels = new GrayPixels { Width = model.Metadata.InputWidth, Height = model.Metadata.InputHeight, Data = data } });
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
}
