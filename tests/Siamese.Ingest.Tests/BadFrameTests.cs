using System.Net;
using System.Text;
using System.Text.Json;

namespace Siamese.Ingest.Tests;

public sealed class BadFrameTests
{
    public static TheoryData<string, byte[], string, string?, string?, HttpStatusCode> BadRequests()
    {
        var png = TestFrames.Png(64, 48);
        return new()
        {
            { "truncated png", png[..(png.Length / 2)], "image/png", "cam-1", null, HttpStatusCode.BadRequest },
            { "empty body", [], "image/png", "cam-1", null, HttpStatusCode.BadRequest },
            { "text as image", Encoding.UTF8.GetBytes("hello, not an image"), "image/png", "cam-1", null, HttpStatusCode.UnsupportedMediaType },
            { "json content type", png, "application/json", "cam-1", null, HttpStatusCode.UnsupportedMediaType },
            { "no camera", png, "image/png", null, null, HttpStatusCode.UnprocessableEntity },
            { "bad camera id", png, "image/png", "cam 1/../x", null, HttpStatusCode.UnprocessableEntity },
            { "region outside frame", png, "image/png", "cam-1", "50,40,30,30", HttpStatusCode.UnprocessableEntity },
            { "malformed regions", png, "image/png", "cam-1", "1,2,three", HttpStatusCode.UnprocessableEntity },
            { "empty region", png, "image/png", "cam-1", "1,2,0,5", HttpStatusCode.UnprocessableEntity },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadFrameGetsProblemJsonAndNothingIsQueued(
        string why, byte[] body, string contentType, string? camera, string? regions, HttpStatusCode expected)
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.SendAsync(TestFrames.Post(body, contentType, camera, regions: regions));

        Assert.True(expected == response.StatusCode, $"{why}: expected {expected}, got {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    [Fact]
    public async Task AFramePostedAsAUrlEncodedFormIsToldToSendItsImageType()
    {
        // What curl --data-binary @frame.jpg sends when no Content-Type is given.
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(64, 48), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Content type 'application/x-www-form-urlencoded' carries no file: send the frame as the body with its image/* type",
            problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    [Fact]
    public async Task AMisspeltFieldIsRefusedNamingItRatherThanIgnored()
    {
        // Before: ?region= (for regions) was ignored and the whole frame searched, without a word.
        await using var host = await IngestHost.StartAsync();
        using var raw = new HttpRequestMessage(HttpMethod.Post, "/v1/frames?cameraId=cam-1&region=1,2,20,20") { Content = new ByteArrayContent(TestFrames.Png(64, 48)) };
        raw.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(TestFrames.Png(64, 48));
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(image, "image", "frame.png");
        form.Add(new StringContent("cam-1"), "camera_id");

        using var rawResponse = await host.Client.SendAsync(raw);
        using var formResponse = await host.Client.PostAsync("/v1/frames", form);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity), (rawResponse.StatusCode, formResponse.StatusCode));
        using var rawProblem = JsonDocument.Parse(await rawResponse.Content.ReadAsStringAsync());
        using var formProblem = JsonDocument.Parse(await formResponse.Content.ReadAsStringAsync());
        Assert.StartsWith("'region' is not a field of this call, which takes 'cameraId', 'regions', 'tenant'",
            rawProblem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("'camera_id' is not a field of this call, which takes 'cameraId', 'regions', 'tenant', 'idempotencyKey'",
            formProblem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    [Theory]
    [InlineData("/v1/frames/7f5a3c1e-2b4d-4e6f-8a9b-0c1d2e3f4a5b?camera=cam-1", "camera")]
    [InlineData("/v1/cameras/cam-1/results?since=10", "since")]
    public async Task AGetWithAQueryParameterItDoesNotTakeIsRefusedNamingIt(string path, string parameter)
    {
        // Before: ignored, and the frame's status (or the camera's stream) answered as if it had not been sent.
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"'{parameter}' is not a field of this call, which takes 'tenant' (query parameters): check its spelling.",
            problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AMultipartFrameWithTwoImagesIsRefusedRatherThanOneDropped()
    {
        // Before: the first part was queued as the frame and the second dropped without a word.
        await using var host = await IngestHost.StartAsync();
        using var form = new MultipartFormDataContent();
        foreach (var name in new[] { "image", "image" })
        {
            var image = new ByteArrayContent(TestFrames.Png(64, 48));
            image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(image, name, "frame.png");
        }

        form.Add(new StringContent("cam-1"), "cameraId");

        using var response = await host.Client.PostAsync("/v1/frames", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("The multipart body has 2 file parts ('image', 'image'): a frame is one image, so post each frame on its own.",
            problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("12345")]
    public async Task AFrameIdThatIsNotAGuidIs400SayingWhatAFrameIdIs(string id)
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.GetAsync($"/v1/frames/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"Frame id '{id}' is not valid: use the id POST /v1/frames answered with (a GUID).", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task FrameOverTheSizeLimitIs413()
    {
        await using var host = await IngestHost.StartAsync(settings: ("ImageLimits:MaxBytes", "1000"));

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(200, 200)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("multipart, chunked", true, true)]
    [InlineData("multipart, with its length", true, false)]
    [InlineData("raw, chunked", false, true)]
    [InlineData("raw, with its length", false, false)]
    public async Task BodyOverKestrelsLimitIs413NamingItAndNothingIsQueued(string why, bool multipart, bool chunked)
    {
        // On Kestrel, not a test server: Kestrel's own request body limit refuses the body as it is read. A frame
        // within the image limit (8 MiB) but over an operator's lower Kestrel limit; before, a chunked multipart body
        // over it was answered 400 "the multipart body ends early" (Kestrel's refusal is an IOException too).
        await using var host = await IngestHost.StartOnKestrelAsync(("Kestrel:Limits:MaxRequestBodySize", "1000000"));
        var frame = new byte[1_200_000];
        TestFrames.Png(64, 48).CopyTo(frame, 0);
        using var content = multipart
            ? new MultipartFormDataContent { { new ByteArrayContent(frame) { Headers = { ContentType = new("image/png") } }, "image", "frame.png" }, { new StringContent("cam-1"), "cameraId" } }
            : (HttpContent)new ByteArrayContent(frame) { Headers = { ContentType = new("image/png") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, multipart ? "/v1/frames" : "/v1/frames?cameraId=cam-1") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await host.Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{why}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Contains("1000000", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Services.GetFrameCount());
    }

    [Fact]
    public async Task FrameOverThePixelLimitIs413()
    {
        await using var host = await IngestHost.StartAsync(settings: ("ImageLimits:MaxPixels", "100"));

        using var response = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(64, 48)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
