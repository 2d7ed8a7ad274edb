using System.Text.Json;
using Siamese.Model;
using Xunit.Abstractions;

namespace Siamese.EndToEnd.Tests;

public sealed class PipelineTests(Pipeline pipeline, ITestOutputHelper output) : IClassFixture<Pipeline>
{
    private const int FrameCount = 1000;

    /// <summary>
    /// Pipeline accuracy may trail the offline figure by this much with a model trained on YuNet-aligned faces
    /// (<c>--align yunet</c>): the gallery is enrolled through match, which cuts each portrait exactly as the trainer
    /// and the offline figure do, and detect aligns each scene face on refined YuNet landmarks. Where the aligned frame
    /// reaches past a portrait (9% of the crop on average), the portrait crop repeats its edge while the scene crop
    /// shows background; the trainer's scene borders (on by default with --align yunet) teach the tower to ignore that.
    /// Measured with the CI's model (train --seed 42 --align yunet --no-augment): 92.4% offline, 91.9% through the
    /// pipeline (gap 0.5 points; 86.0% vs 82.2% without scene borders). The margin covers thread-order jitter only.
    /// </summary>
    private const double AlignedTolerance = 0.02;

    /// <summary>
    /// The pixel stand-in (no trained model given) is nearest-neighbour on raw pixels; it declares YuNet-aligned crops
    /// so gallery, offline figure and frames are all aligned faces, but raw pixels feel the few gray levels by which a
    /// scene face's crop differs from its portrait crop, and the gap moves with every change of the refinement
    /// (measured 65.6% offline / 54.5% pipeline, later 68.3% / 51.5%). So with the stand-in only the path is checked:
    /// every frame answered, and far above chance (2.5%). The offline parity is held for a trained model
    /// (<see cref="AlignedTolerance"/>; .ci/run trains one).
    /// </summary>
    private const double StandInMinimumAccuracy = 0.40;

    [SkippableFact]
    public async Task ThousandOrlFacesInScenesComeBackIdentifiedAtTheOfflineAccuracy()
    {
        Skip.IfNot(pipeline.Running, pipeline.SkipReason);
        var draws = OrlScenes.Draw(pipeline.OrlRoot, FrameCount);
        var frames = draws.Select((d, i) => (OrlScenes.Scene(d.Path, seed: i).Png, "e2e-cam", (string?)d.Subject)).ToList();
        var offline = OfflineAccuracy.Compute(pipeline.ModelPath, pipeline.OrlRoot, draws);

        var result = await new LoadRunner(pipeline.Frames, concurrency: 16, pollInterval: TimeSpan.FromMilliseconds(20)).RunAsync(frames);

        var done = result.Frames.Count(f => f.Status.Status == "Done");
        var accuracy = result.Frames.Count(f => f.Status.TopSubject == f.Expected) / (double)FrameCount;
        output.WriteLine($"{pipeline.ModelDescription}: {done}/{FrameCount} done, pipeline accuracy {accuracy:P1}, offline {offline:P1}, " +
            $"{result.FramesPerSecond:F1} frames/s, p50 {result.Percentile(50):F0} ms, p95 {result.Percentile(95):F0} ms");
        Assert.Equal(FrameCount, done);
        Assert.False(pipeline.TrainedModel && pipeline.ModelCrop != ModelCrops.YuNetAligned,
            $"{pipeline.ModelDescription} was trained on '{pipeline.ModelCrop}' crops, but detect cuts YuNet-aligned faces: train it with --align yunet.");
        if (pipeline.TrainedModel)
        {
            Assert.True(accuracy >= offline - AlignedTolerance, $"pipeline accuracy {accuracy:P1} is below the offline {offline:P1} by more than {AlignedTolerance:P0}");
        }
        else
        {
            Assert.True(accuracy >= StandInMinimumAccuracy, $"pixel stand-in: pipeline accuracy {accuracy:P1} is below {StandInMinimumAccuracy:P0} (offline {offline:P1})");
        }
    }

    [SkippableFact]
    public async Task HostsByDefaultHandTheBrokerPersistentMessages()
    {
        Skip.IfNot(pipeline.Running, pipeline.SkipReason);
        await using var probe = await DeliveryModeProbe.BindAsync<Siamese.Contracts.FrameIdentified>();
        var scene = OrlScenes.Scene(OrlScenes.Queries(pipeline.OrlRoot)[0].Path, seed: 3);

        var id = await pipeline.Frames.PostAsync(scene.Png, "persistence");
        var result = await pipeline.Frames.WaitAsync(id, TimeSpan.FromMilliseconds(50)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal("Done", result.Status);
        Assert.True(await probe.FirstIsPersistentAsync(TimeSpan.FromSeconds(30)), "match published a transient FrameIdentified with the default settings");
    }

    [SkippableFact]
    public async Task SameFramePostedTwiceWithOneIdempotencyKeyGivesOneResult()
    {
        Skip.IfNot(pipeline.Running, pipeline.SkipReason);
        var camera = "idem-" + Guid.NewGuid().ToString("N")[..6];
        var scene = OrlScenes.Scene(OrlScenes.Queries(pipeline.OrlRoot)[0].Path, seed: 1);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/cameras/{camera}/results");
        request.Headers.Add("X-Api-Key", pipeline.ApiKey);
        using var stream = await pipeline.Ingest.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        await ReadUntilAsync(events, line => line == "event: subscribed", cts.Token);

        var first = await pipeline.Frames.PostAsync(scene.Png, camera, idempotencyKey: "same-frame", cancellationToken: cts.Token);
        var second = await pipeline.Frames.PostAsync(scene.Png, camera, idempotencyKey: "same-frame", cancellationToken: cts.Token);
        var sentinel = await pipeline.Frames.PostAsync(scene.Png, camera, cancellationToken: cts.Token);

        Assert.Equal(first, second);
        var seen = new List<Guid>();
        await ReadUntilAsync(events, line =>
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Length > 6 && JsonDocument.Parse(line[5..]).RootElement is { ValueKind: JsonValueKind.Object } e)
            {
                seen.Add(e.GetProperty("frameId").GetGuid());
            }

            return seen.Contains(sentinel) && seen.Contains(first);
        }, cts.Token);
        Assert.Single(seen, first);
        Assert.Equal("Done", (await pipeline.Frames.GetAsync(first, cts.Token))!.Status);
    }

    [SkippableFact]
    public async Task FrameWhoseProcessingFailsIsReportedFailedWithTheReasonAndTheNextFramesFlow()
    {
        Skip.IfNot(pipeline.Running, pipeline.SkipReason);
        var (subject, path) = OrlScenes.Queries(pipeline.OrlRoot)[5];
        var scene = OrlScenes.Scene(path, seed: 5);

        var failing = await pipeline.Frames.PostAsync(scene.Png, Pipeline.CameraWithoutRegions);
        var next = await pipeline.Frames.PostAsync(scene.Png, "after-failure");

        var failed = await pipeline.Frames.WaitAsync(failing, TimeSpan.FromMilliseconds(50));
        var flowed = await pipeline.Frames.WaitAsync(next, TimeSpan.FromMilliseconds(50));
        Assert.Equal("Failed", failed.Status);
        Assert.Contains("no regions", failed.Reason, StringComparison.Ordinal);
        Assert.StartsWith("detect:", failed.Reason, StringComparison.Ordinal);
        Assert.Equal("Done", flowed.Status);
        Assert.NotNull(flowed.TopSubject);
        output.WriteLine($"failed: {failed.Reason}; next frame: {flowed.TopSubject} (expected {subject})");
    }

    private static async Task ReadUntilAsync(StreamReader reader, Func<string, bool> done, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (done(line))
            {
                return;
            }
        }

        throw new EndOfStreamException("The result stream ended early.");
    }
}
