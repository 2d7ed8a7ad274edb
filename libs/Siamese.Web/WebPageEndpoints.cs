using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Siamese.ServiceDefaults;

namespace Siamese.Web;

/// <summary>
/// The web page (<c>/</c>, files under <c>/ui/</c>) that lets a person identify, enrol, browse the gallery, watch a
/// camera and read the model's figures. It calls the same HTTP API as every client; <c>/ui/config.json</c> tells it
/// which APIs this host serves (found among the host's endpoints) and where the others are (<see cref="WebPageOptions"/>).
/// </summary>
public static class WebPageEndpoints
{
    private const string IndexPath = "index.html";

    public static IEndpointRouteBuilder MapSiameseWebPage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(WebPageOptions.SectionName).Get<WebPageOptions>()
            ?? new WebPageOptions();
        var matchUrl = CheckUrl(options.MatchApiUrl, nameof(WebPageOptions.MatchApiUrl));
        var ingestUrl = CheckUrl(options.IngestApiUrl, nameof(WebPageOptions.IngestApiUrl));
        if (!options.Enabled)
        {
            return endpoints;
        }

        var sources = endpoints.DataSources;
        var csp = ContentSecurityPolicy(matchUrl, ingestUrl);
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
        // The page itself holds no data: it loads without a key, and asks for one (Settings) when the API does.
        endpoints.MapMethods("/", getOrHead, (HttpContext http) => Serve(http, IndexPath, csp)).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapMethods("/index.html", getOrHead, (HttpContext http) => Serve(http, IndexPath, csp)).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapMethods("/ui/{**path}", getOrHead, (HttpContext http, string path) => Serve(http, path, null)).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/ui/config.json", () => TypedResults.Json(new WebPageConfig(
            matchUrl ?? (Serves(sources, "/v1/tenants/{tenant}/identify") ? "" : null),
            ingestUrl ?? (Serves(sources, "/v1/frames") ? "" : null)))).ExcludeFromDescription().AllowAnonymous();
        endpoints.MapGet("/v1/model/plots/{name}", (string name, IConfiguration configuration) => ModelPlots.Serve(name, configuration))
            .WithTags("Model")
            .WithSummary("A plot the trainer wrote beside the model: loss, roc or distances (PNG)")
            .TakesNoQueryParameters();
        return endpoints;
    }

    private static IResult Serve(HttpContext http, string path, string? csp)
    {
        if (WebAssets.Find(path) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (csp is not null)
        {
            headers.ContentSecurityPolicy = csp;
            headers.XFrameOptions = "DENY";
        }

        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue(asset.ETag));
    }

    /// <summary>The page loads only its own files; it talks to its own origin and to the API hosts it was told about.</summary>
    private static string ContentSecurityPolicy(string? matchUrl, string? ingestUrl)
    {
        var connect = string.Join(' ', new[] { "'self'", Origin(matchUrl), Origin(ingestUrl) }.Where(o => o is not null).Distinct());
        return $"default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src {connect}; " +
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    private static bool Serves(ICollection<EndpointDataSource> sources, string route) =>
        sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Any(e =>
            string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), route, StringComparison.OrdinalIgnoreCase));

    private static string? CheckUrl(string? url, string setting)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url.TrimEnd('/')
            : throw new InvalidOperationException($"{WebPageOptions.SectionName}:{setting} '{url}' is not an absolute http(s) URL.");
    }

    private static string? Origin(string? url) => url is null ? null : new Uri(url).GetLeftPart(UriPartial.Authority);
}
