using System.Net.Http.Json;
using System.Text.Json;

namespace Siamese.Ingest.Tests;

public sealed class ResultStreamTests
{
    [Fact]
    public async Task DashboardStreamingACameraReceivesItsResultsAsServerSentEvents()
    {
        await using var host = await IngestHost.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var stream = await host.Client.GetAsync("/v1/cameras/lobby/results", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line && line != "event: subscribed")
        {
        }

        using var other = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), camera: "elsewhere"));
        using var posted = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), camera: "lobby"));
        var accepted = await posted.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);

        string? data = null;
        var frameEvent = false;
        while (data is null && await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (frameEvent && line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line["data:".Length..].Trim();
            }

            frameEvent = line == "event: frame" || (frameEvent && line.Length > 0);
        }

        var frame = JsonSerializer.Deserialize<FrameView>(data!, TestJson.Options);
        Assert.Equal(accepted!.FrameId, frame!.FrameId);
        Assert.Equal("lobby", frame.CameraId);
        Assert.Equal(FrameState.Done, frame.Status);
    }
}
