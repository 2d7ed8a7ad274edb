using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Siamese.Ingest.Tests;

public sealed class PostFrameTests
{
    [Fact]
    public async Task PostedFrameIsAcceptedWithAStatusUrlAndEndsDoneWithItsCrops()
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The status is written as the status URL and the result stream write theirs ("Queued", "Done", "Failed").
        Assert.Contains("\"status\":\"Queued\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var accepted = await response.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        Assert.NotNull(accepted);
        Assert.Equal(FrameState.Queued, accepted.Status);
        Assert.Equal($"/v1/frames/{accepted.FrameId}", accepted.StatusUrl);
        Assert.Equal(accepted.StatusUrl, response.Headers.Location?.OriginalString);
        var result = await host.WaitForResultAsync(accepted.FrameId);
        Assert.Equal(FrameState.Done, result.Status);
        var crop = Assert.Single(result.Crops);
        Assert.Equal("s1", crop.Subject);
        Assert.True(crop.Known);
        Assert.Equal(0.25f, crop.Distance);
    }

    [Fact]
    public async Task MultipartFrameCarriesItsCameraAndRegionsToTheBus()
    {
        await using var host = await IngestHost.StartAsync();
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(TestFrames.Png());
        image.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        form.Add(image, "image", "frame.png");
        form.Add(new StringContent("door-2"), "cameraId");
        form.Add(new StringContent("""[{"x":4,"y":5,"width":20,"height":30}]"""), "regions");

        using var response = await host.Client.PostAsync("/v1/frames", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        var result = await host.WaitForResultAsync(accepted!.FrameId);
        Assert.Equal("door-2", result.CameraId);
        Assert.Equal(new Contracts.BoundingBox(4, 5, 20, 30), Assert.Single(result.Crops).Box);
    }

    [Fact]
    public async Task SameFramePostedTwiceWithOneIdempotencyKeyIsOneFrameWithOneResult()
    {
        await using var host = await IngestHost.StartAsync();
        var png = TestFrames.Png();

        using var first = await host.Client.SendAsync(TestFrames.Post(png, idempotencyKey: "k-42"));
        using var second = await host.Client.SendAsync(TestFrames.Post(png, idempotencyKey: "k-42"));

        var a = await first.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        var b = await second.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(a!.FrameId, b!.FrameId);
        await host.WaitForResultAsync(a.FrameId);
        Assert.Equal(1, FakePipeline.Deliveries[a.FrameId]);
    }

    [Fact]
    public async Task AnIdempotencyKeyGivenToAnotherFrameIsRefusedAndARetryGetsTheFramesStatusNow()
    {
        await using var host = await IngestHost.StartAsync();
        using var first = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), idempotencyKey: "k-7"));
        var accepted = await first.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        await host.WaitForResultAsync(accepted!.FrameId);

        // A camera whose key counter restarted: before, the new frame got the old frame's id and was never processed.
        using var other = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(80, 60), idempotencyKey: "k-7"));
        using var otherRegions = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), idempotencyKey: "k-7", regions: "1,1,20,20"));
        using var retry = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), idempotencyKey: "k-7"));

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (other.StatusCode, otherRegions.StatusCode));
        using var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync());
        Assert.StartsWith($"Idempotency key 'k-7' of camera 'cam-1' already names frame {accepted.FrameId}, received at ",
            problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var again = await retry.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        Assert.Equal((accepted.FrameId, FrameState.Done), (again!.FrameId, again.Status));
        Assert.Equal(1, host.Services.GetFrameCount());
    }

    [Fact]
    public async Task OtherTenantsCannotSeeAFrame()
    {
        await using var host = await IngestHost.StartAsync();
        using var response = await host.ClientFor("acme").SendAsync(TestFrames.Post(TestFrames.Png()));
        var accepted = await response.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        await host.WaitForResultAsync(accepted!.FrameId, tenant: "acme");

        using var foreign = await host.ClientFor("globex").GetAsync($"/v1/frames/{accepted.FrameId}");
        using var named = await host.ClientFor("globex").GetAsync(accepted.StatusUrl);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, named.StatusCode);
    }

    [Fact]
    public async Task AFrameOfAnotherTenantThanTheDefaultGetsAStatusUrlNamingItsTenantThatAnswers()
    {
        await using var host = await IngestHost.StartAsync();
        using var response = await host.ClientFor("acme").SendAsync(TestFrames.Post(TestFrames.Png()));
        var accepted = await response.Content.ReadFromJsonAsync<FrameAccepted>(TestJson.Options);
        await host.WaitForResultAsync(accepted!.FrameId, tenant: "acme");

        using var status = await host.ClientFor("acme").GetAsync(accepted.StatusUrl);

        Assert.Equal($"/v1/frames/{accepted.FrameId}?tenant=acme", accepted.StatusUrl);
        Assert.Equal(accepted.StatusUrl, response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task UnknownFrameIsNotFound()
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.GetAsync($"/v1/frames/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
