using System.Net;

namespace Siamese.Ingest.Tests;

/// <summary>Every ingest route needs a key, and the tenant is the key's: X-Tenant may only repeat it.</summary>
public sealed class IngestSecurityTests
{
    [Fact]
    public async Task EveryRouteRefusesACallWithoutAKey()
    {
        await using var host = await IngestHost.StartAsync();
        var anonymous = host.ClientFor(null);

        using var post = await anonymous.SendAsync(TestFrames.Post(TestFrames.Png()));
        using var status = await anonymous.GetAsync($"/v1/frames/{Guid.NewGuid()}");
        using var stream = await anonymous.GetAsync("/v1/cameras/cam-1/results", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stream.StatusCode);
    }

    [Fact]
    public async Task NamingAnotherTenantIsForbiddenWhetherItExistsOrNot()
    {
        await using var host = await IngestHost.StartAsync();
        host.ClientFor("globex").Dispose();

        using var existing = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), tenant: "globex"));
        using var missing = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), tenant: "nobody"));
        using var own = await host.Client.SendAsync(TestFrames.Post(TestFrames.Png(), tenant: "default"));

        Assert.Equal(HttpStatusCode.Forbidden, existing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(await Detail(existing), await Detail(missing));
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    [Fact]
    public async Task TheTenantNamedInTheQueryIsCheckedAsTheHeaderIsAndTwoDifferentNamesAreRefused()
    {
        await using var host = await IngestHost.StartAsync();

        using var other = await host.Client.SendAsync(WithQueryTenant(TestFrames.Post(TestFrames.Png()), "globex"));
        using var own = await host.Client.SendAsync(WithQueryTenant(TestFrames.Post(TestFrames.Png()), "default"));
        using var both = await host.Client.SendAsync(WithQueryTenant(TestFrames.Post(TestFrames.Png(), tenant: "default"), "default"));
        using var differ = await host.Client.SendAsync(WithQueryTenant(TestFrames.Post(TestFrames.Png(), tenant: "default"), "globex"));
        using var status = await host.Client.GetAsync($"/v1/frames/{Guid.NewGuid()}?tenant=globex");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, both.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, differ.StatusCode);
        Assert.Contains("X-Tenant header names tenant 'default' and ?tenant= names 'globex'", await Detail(differ), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
    }

    [Fact]
    public async Task AFormsTenantFieldMayOnlyRepeatTheFramesTenant()
    {
        await using var host = await IngestHost.StartAsync();

        using var other = await host.Client.SendAsync(Multipart("globex"));
        using var own = await host.Client.SendAsync(Multipart("default"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("'tenant' field names tenant 'globex' but this frame is for 'default'", await Detail(other), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    private static HttpRequestMessage WithQueryTenant(HttpRequestMessage request, string tenant)
    {
        var uri = request.RequestUri!.OriginalString;
        request.RequestUri = new Uri(uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "tenant=" + Uri.EscapeDataString(tenant), UriKind.Relative);
        return request;
    }

    private static HttpRequestMessage Multipart(string tenant)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("cam-1"), "cameraId" },
            { new StringContent(tenant), "tenant" },
        };
        var image = new ByteArrayContent(TestFrames.Png());
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        form.Add(image, "image", "f.png");
        return new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = form };
    }

    private static async Task<string?> Detail(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();

    [Theory]
    [InlineData("../cam")]
    [InlineData("cam 1")]
    public async Task AResultStreamOfAMalformedCameraIdIsRefusedNotOpened(string camera)
    {
        await using var host = await IngestHost.StartAsync();

        using var response = await host.Client.GetAsync($"/v1/cameras/{Uri.EscapeDataString(camera)}/results", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task AMultipartBodyThatEndsEarlyIsABadRequest()
    {
        await using var host = await IngestHost.StartAsync();
        var png = TestFrames.Png();
        var head = "--b\r\nContent-Disposition: form-data; name=\"cameraId\"\r\n\r\ncam-1\r\n--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.png\"\r\nContent-Type: image/png\r\n\r\n"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames") { Content = new ByteArrayContent([.. head, .. png[..(png.Length / 2)]]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
