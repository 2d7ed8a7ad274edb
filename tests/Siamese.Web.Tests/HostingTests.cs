using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task APlotAskedForWithAQueryParameterIsRefusedNamingIt()
    {
        await using var app = await StartAsync(_ => { });
        var http = app.GetTestClient();

        // Before: answered as if the parameter were not there.
        using var withQuery = await http.GetAsync("/v1/model/plots/nothing.png?size=2");
        using var without = await http.GetAsync("/v1/model/plots/nothing.png");

        Assert.Equal(HttpStatusCode.BadRequest, withQuery.StatusCode);
        Assert.Equal("'size' is not a query parameter of this call, which takes none.",
            JsonDocument.Parse(await withQuery.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        Assert.Contains("There is no plot 'nothing.png'", await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
