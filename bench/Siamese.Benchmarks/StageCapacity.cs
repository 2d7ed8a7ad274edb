using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Detect;
using Siamese.Embed.Consumers;
using Siamese.Imaging;
using Siamese.Inference;
using Siamese.Match;

namespace Siamese.Benchmarks;

/// <summary>
/// Each stage of the camera pipeline alone, in the standalone host, doing what its consumer does for a message
/// but without a bus: detect (decode, crop planner, 8-bit crops) frames/s, one frame per core; embed crops/s in batches as embed's consumer makes them
/// (<see cref="CropsDetectedConsumerDefinition.MessageLimit"/> frames, <see cref="CropsDetectedConsumerDefinition.ConcurrencyLimit"/>
/// at once); match identifies/s (nearest subject of one crop's vector) with match's consumer concurrency.
/// </summary>
internal sealed record StageCapacity(double DetectFramesPerS, double EmbedCropsPerS, double MatchIdentifiesPerS, double CropsPerFrame)
{
    /// <summary>The slowest stage, in frames/s (a frame needs <see cref="CropsPerFrame"/> embeds and identifies).</summary>
    public double SlowestFramesPerS => Math.Round(Math.Min(DetectFramesPerS, Math.Min(EmbedCropsPerS, MatchIdentifiesPerS) / Math.Max(1, CropsPerFrame)), 1);

    /// <summary>
    /// The most frames/s the three stages can do together when they share the same cores (each capacity above had
    /// all cores to itself): one over the sum of each stage's seconds per frame. On a machine where every host runs
    /// on the same few cores this, not the slowest stage, is what end-to-end can reach.
    /// </summary>
    public double SharedCoresFramesPerS => Math.Round(1 / ((1 / DetectFramesPerS) + (CropsPerFrame / EmbedCropsPerS) + (CropsPerFrame / MatchIdentifiesPerS)), 1);

    public string Slowest =>
        DetectFramesPerS <= Math.Min(EmbedCropsPerS, MatchIdentifiesPerS) / Math.Max(1, CropsPerFrame) ? "detect" : EmbedCropsPerS <= MatchIdentifiesPerS ? "embed" : "match";

    public static async Task<StageCapacity> MeasureAsync(
        IServiceProvider services, string tenant, IReadOnlyList<byte[]> frames, CancellationToken cancellationToken)
    {
        var detector = services.GetRequiredService<FrameDetector>();
        // One frame per core: alone, detect has no publish to wait for, so more would only share the same cores.
        var detectWorkers = Environment.ProcessorCount;
        var crops = new List<GrayImage>[frames.Count];
        var detect = await RateAsync(frames.Count, detectWorkers, i =>
        {
            crops[i] = [.. detector.Process("bench-cam", frames[i], null).Crops.Select(c => new GrayImage(c.Width, c.Height, [.. c.Pixels.Select(p => (float)p)]))];
            return Task.CompletedTask;
        }, cancellationToken);

        var all = crops.SelectMany(c => c).ToList();
        var embedder = services.GetRequiredService<IEmbedder>();
        await embedder.WhenReadyAsync(cancellationToken);
        var batches = all.Chunk(CropsDetectedConsumerDefinition.MessageLimit * Math.Max(1, all.Count / Math.Max(1, frames.Count))).ToList();
        var vectors = new float[batches.Count][][];
        var embed = await RateAsync(batches.Count, CropsDetectedConsumerDefinition.ConcurrencyLimit, async i =>
            vectors[i] = await embedder.EmbedAsync(batches[i], cancellationToken), cancellationToken) * all.Count / batches.Count;

        var identification = services.GetRequiredService<IdentificationService>();
        var flat = vectors.SelectMany(v => v).ToList();
        var match = await RateAsync(flat.Count, Environment.ProcessorCount * 2, async i =>
            await identification.IdentifyEmbeddingsAsync(tenant, [flat[i]], 1, null, cancellationToken), cancellationToken);
        return new StageCapacity(Math.Round(detect, 1), Math.Round(embed, 1), Math.Round(match, 1), Math.Round((double)all.Count / frames.Count, 3));
    }

    /// <summary>Items per second of <paramref name="work"/> over <paramref name="count"/> items, <paramref name="workers"/> at once (after a tenth of them as warm-up).</summary>
    private static async Task<double> RateAsync(int count, int workers, Func<int, Task> work, CancellationToken cancellationToken)
    {
        for (var i = 0; i < Math.Max(1, count / 10); i++)
        {
            await work(i);
        }

        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await work(i);
            }
        }, cancellationToken)));
        return count / clock.Elapsed.TotalSeconds;
    }
}
