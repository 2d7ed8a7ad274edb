using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Siamese.Web.Tests;

/// <summary>The page's hosting: its files, and what it is told about the APIs of the host serving it.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task AHostWithoutTheMatchApiTellsThePageWhereItIsNot()
    {
        await using var app = await StartAsync(app => app.MapPost("/v1/frames", () => "ok"));
        using var http = app.GetTestClient();

        var config = await http.GetStringAsync("/ui/config.json");

        Assert.Equal("""{"match":null,"ingest":""}""", config);
    }

    [Fact]
    public async Task ConfiguredApiUrlsAreGivenToThePageAndAllowedByItsContentPolicy()
    {
        await using var app = await StartAsync(_ => { }, "--Web:MatchApiUrl=https://match.example.com/");
        using var http = app.GetTestClient();

        var config = await http.GetStringAsync("/ui/config.json");
        using var index = await http.GetAsync("/");

        Assert.Equal("""{"match":"https://match.example.com","ingest":null}""", config);
        Assert.Contains("connect-src 'self' https://match.example.com", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageAndItsFilesAreServedWithTypesAndRevalidation()
    {
        await using var app = await StartAsync(_ => { });
        using var http = app.GetTestClient();

        using var index = await http.GetAsync("/");
        using var script = await http.GetAsync("/ui/js/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/js/app.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var unchanged = await http.SendAsync(again);
        using var missing = await http.GetAsync("/ui/js/nothing.js");

        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Siamese", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task AnApiUrlThatIsNotAnAddressFailsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(_ => { }, "--Web:IngestApiUrl=not a url"));

        Assert.Contains("Web:IngestApiUrl", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        map(app);
        app.MapSiameseWebPage();
        await app.StartAsync();
        return app;
    }
}
