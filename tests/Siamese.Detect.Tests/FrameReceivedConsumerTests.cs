using MassTransit.Testing;
using Siamese.Contracts;
using Siamese.Imaging;

namespace Siamese.Detect.Tests;

public sealed class FrameReceivedConsumerTests
{
    private static readonly byte[] Frame = ImageEncoder.EncodePng(new GrayImage(64, 64, new float[64 * 64]));

    [Fact]
    public async Task PostedFrameBecomesCropsDetectedCarryingTheFrameIdentity()
    {
        await using var host = await DetectHost.StartAsync();
        var frame = new FrameReceived(Guid.NewGuid(), "acme", "cam-7", DateTimeOffset.UtcNow, "image/png", Frame, null);

        await host.Harness.Bus.Publish(frame);

        Assert.True(await host.Harness.Published.Any<CropsDetected>(x => x.Context.Message.FrameId == frame.FrameId));
        var crops = host.Harness.Published.Select<CropsDetected>(x => x.Context.Message.FrameId == frame.FrameId).Single().Context.Message;
        Assert.Equal(("acme", "cam-7"), (crops.Tenant, crops.CameraId));
        Assert.Single(crops.Crops);
    }

    [Fact]
    public async Task UnreadableFrameIsReportedFailedNotRetriedAndTheNextFrameFlows()
    {
        await using var host = await DetectHost.StartAsync();
        var bad = new FrameReceived(Guid.NewGuid(), "t", "cam", DateTimeOffset.UtcNow, "image/png", Frame[..30], null);
        var good = bad with { FrameId = Guid.NewGuid(), Image = Frame };

        await host.Harness.Bus.Publish(bad);
        await host.Harness.Bus.Publish(good);

        Assert.True(await host.Harness.Published.Any<FrameFailed>(x => x.Context.Message.FrameId == bad.FrameId));
        Assert.True(await host.Harness.Published.Any<CropsDetected>(x => x.Context.Message.FrameId == good.FrameId));
        var failed = host.Harness.Published.Select<FrameFailed>().Single().Context.Message;
        Assert.Equal("detect", failed.Stage);
        Assert.Contains("could not be decoded", failed.Reason, StringComparison.Ordinal);
        Assert.False(await host.Harness.Published.Any<CropsDetected>(x => x.Context.Message.FrameId == bad.FrameId));
    }

    [Fact]
    public async Task RedeliveredFrameDoesNotProduceSecondCrops()
    {
        await using var host = await DetectHost.StartAsync();
        var frame = new FrameReceived(Guid.NewGuid(), "t", "cam", DateTimeOffset.UtcNow, "image/png", Frame, null);

        await host.Harness.Bus.Publish(frame);
        Assert.True(await host.Harness.Consumed.Any<FrameReceived>(x => x.Context.Message.FrameId == frame.FrameId));
        await host.Harness.Bus.Publish(frame);
        for (var i = 0; i < 200 && host.Harness.Consumed.Select<FrameReceived>(x => x.Context.Message.FrameId == frame.FrameId).Count() < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, host.Harness.Consumed.Select<FrameReceived>(x => x.Context.Message.FrameId == frame.FrameId).Count());

        Assert.Single(host.Harness.Published.Select<CropsDetected>(x => x.Context.Message.FrameId == frame.FrameId));
    }
}
