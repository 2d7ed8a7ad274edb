using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Contracts;

namespace Siamese.Embed.Tests;

/// <summary>Embed's bus consumer on MassTransit's in-memory test harness, with the fake model.</summary>
public sealed class CropsDetectedConsumerTests
{
    [Fact]
    public async Task DetectedCropsBecomeOneEmbeddingEachCarryingTheFrameIdentity()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()), withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        var frame = Frame([Crop(0, 10), Crop(1, 200)]);

        await harness.Bus.Publish(frame);

        Assert.True(await harness.Published.Any<EmbeddingsComputed>(x => x.Context.Message.FrameId == frame.FrameId));
        var computed = harness.Published.Select<EmbeddingsComputed>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        Assert.Equal(("acme", "cam-3", "fake:1"), (computed.Tenant, computed.CameraId, computed.ModelId));
        Assert.Equal([0, 1], computed.Embeddings.Select(e => e.Index));

        // The fake model's embedding is [mean, first value] of the normalised crop: each crop got its own vector.
        Assert.Equal(10f / 255, computed.Embeddings[0].Vector[0], 1e-4f);
        Assert.Equal(200f / 255, computed.Embeddings[1].Vector[0], 1e-4f);
    }

    [Fact]
    public async Task AFrameWithAMalformedCropFailsAloneAndTheNextFrameFlows()
    {
        await using var host = await EmbedTestHost.StartAsync(new FakeModelLoader(new FakeEmbeddingModel()), withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        var bad = Frame([Crop(0, 1) with { Pixels = new byte[5] }]);
        var good = Frame([Crop(0, 1)]);

        await harness.Bus.Publish(bad);
        await harness.Bus.Publish(good);

        Assert.True(await harness.Published.Any<FrameFailed>(x => x.Context.Message.FrameId == bad.FrameId));
        Assert.True(await harness.Published.Any<EmbeddingsComputed>(x => x.Context.Message.FrameId == good.FrameId));
        var failed = harness.Published.Select<FrameFailed>(x => x.Context.Message.FrameId == bad.FrameId).Single().Context.Message;
        Assert.Equal("embed", failed.Stage);
        Assert.Contains("malformed", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Published.Select<EmbeddingsComputed>(), x => x.Context.Message.FrameId == bad.FrameId);
    }

    private static CropsDetected Frame(IReadOnlyList<FaceCrop> crops) =>
        new(Guid.NewGuid(), "acme", "cam-3", DateTimeOffset.UtcNow, "test", crops, []);

    private static FaceCrop Crop(int index, byte level) =>
        new(index, new BoundingBox(index * 10, 0, 3, 4), 0.9f, 3, 4, Enumerable.Repeat(level, 12).ToArray());
}
