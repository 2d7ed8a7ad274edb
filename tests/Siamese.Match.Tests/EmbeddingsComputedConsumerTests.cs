using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Contracts;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

/// <summary>Match's bus consumer on MassTransit's in-memory test harness, over the fake model and a temporary index.</summary>
public sealed class EmbeddingsComputedConsumerTests
{
    [Fact]
    public async Task EmbeddingsOfAFrameComeBackNamedWithTheDecisionPerCrop()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        await host.ClientFor("shop").EnrollAsync(new EnrollRequest { SubjectId = "apple", Embeddings = { new Embedding { Values = { FakeModel.At(100) } } } });
        var frame = Frame("shop", "fake:1", FakeModel.At(103), FakeModel.At(200));

        await harness.Bus.Publish(frame);

        Assert.True(await harness.Published.Any<FrameIdentified>(x => x.Context.Message.FrameId == frame.FrameId));
        var identified = harness.Published.Select<FrameIdentified>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        Assert.Equal(("shop", "cam-1", "fake:1"), (identified.Tenant, identified.CameraId, identified.ModelId));
        Assert.Equal(2, identified.Crops.Count);
        Assert.Equal(("apple", true), (identified.Crops[0].Subject, identified.Crops[0].Known));
        Assert.Equal(0.3f, identified.Crops[0].Distance, 1e-4f);
        Assert.False(identified.Crops[1].Known);
    }

    [Fact]
    public async Task EmbeddingsOfAnotherModelFailTheFrameSayingSo()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        await host.ClientFor("shop").EnrollAsync(new EnrollRequest { SubjectId = "apple", Embeddings = { new Embedding { Values = { FakeModel.At(100) } } } });
        var frame = Frame("shop", "other:7", FakeModel.At(100));

        await harness.Bus.Publish(frame);

        Assert.True(await harness.Published.Any<FrameFailed>(x => x.Context.Message.FrameId == frame.FrameId));
        var failed = harness.Published.Select<FrameFailed>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        Assert.Equal("match", failed.Stage);
        Assert.Contains("other:7", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Published.Select<FrameIdentified>(), x => x.Context.Message.FrameId == frame.FrameId);
    }

    [Fact]
    public async Task AVectorHoldingNaNFailsTheFrameSayingSo()
    {
        await using var host = await MatchTestHost.StartAsync(new FakeEmbeddingClient(), withBus: true);
        var harness = host.Services.GetRequiredService<ITestHarness>();
        await host.ClientFor("shop").EnrollAsync(new EnrollRequest { SubjectId = "apple", Embeddings = { new Embedding { Values = { FakeModel.At(100) } } } });
        var broken = FakeModel.At(100);
        broken[3] = float.NaN;
        var frame = Frame("shop", "fake:1", broken);

        await harness.Bus.Publish(frame);

        Assert.True(await harness.Published.Any<FrameFailed>(x => x.Context.Message.FrameId == frame.FrameId));
        var failed = harness.Published.Select<FrameFailed>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        Assert.Equal("match", failed.Stage);
        Assert.Contains("finite", failed.Reason, StringComparison.Ordinal);
    }

    private static EmbeddingsComputed Frame(string tenant, string modelId, params float[][] vectors) =>
        new(Guid.NewGuid(), tenant, "cam-1", DateTimeOffset.UtcNow, modelId,
            [.. vectors.Select((v, i) => new CropEmbedding(i, new BoundingBox(i * 50, 0, 40, 40), 0.9f, v))], []);
}
