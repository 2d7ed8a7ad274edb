using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Siamese.Contracts;

namespace Siamese.Ingest.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task FrameThatKeepsFailingEndsFailedWithTheReasonAndTheNextFramesStillFlow()
    {
        await using var host = await IngestHost.StartAsync();

        using var poisoned = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), camera: "poison"));
        using var next = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), camera: "cam-1"));

        var bad = await host.WaitForResultAsync((await poisoned.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options))!.FrameId);
        var good = await host.WaitForResultAsync((await next.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options))!.FrameId);
        Assert.Equal(FrameState.Failed, bad.Status);
        Assert.Contains("detector exploded on this frame", bad.Reason, StringComparison.Ordinal);
        Assert.StartsWith("detect:", bad.Reason, StringComparison.Ordinal);
        Assert.Equal(FrameState.Done, good.Status);
    }

    [Fact]
    public async Task FrameAStageRejectsEndsFailedWithItsReason()
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), camera: "broken"));

        var result = await host.WaitForResultAsync((await response.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options))!.FrameId);
        Assert.Equal(FrameState.Failed, result.Status);
        Assert.Equal("detect: the image could not be decoded", result.Reason);
    }

    [Fact]
    public async Task BrokerDownAnswers503AndKeepsNothing()
    {
        await using var host = await IngestHost.StartAsync(b => b.Services.Replace(ServiceDescriptor.Singleton<IFramePublisher, UnreachableBroker>()));

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), idempotencyKey: "retry-me"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("not accepted", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    private sealed class UnreachableBroker : IFramePublisher
    {
        public Task PublishAsync(FrameReceived frame, CancellationToken cancellationToken) =>
            throw FrameRejectedException.BusUnavailable("The frame could not be put on the message bus, so it was not accepted; retry later.");
    }
}
