using Google.Api;
using Google.Protobuf.Reflection;

namespace Siamese.Reliability;

/// <summary>
/// The entry points of the services, read from the protos themselves (every unary RPC, and its REST route from its
/// google.api.http option) plus ingest's routes, so an RPC added later is tried without editing this suite.
/// </summary>
public static class Routes
{
    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        Protos.V1.Matcher.Descriptor, Protos.V1.Embedder.Descriptor, Protos.V1.Detector.Descriptor, Protos.V1.Admin.Descriptor,
    ];

    /// <summary>(verb, path) of every REST route, with <c>{tenant}</c> filled by <paramref name="tenant"/> and other variables by "x".</summary>
    public static IReadOnlyList<(HttpMethod Method, string Path)> Rest(string tenant)
    {
        var routes = new List<(HttpMethod, string)>();
        foreach (var method in Services.SelectMany(s => s.Methods))
        {
            if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
            {
                continue;
            }

            var (verb, template) = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => (HttpMethod.Get, rule.Get),
                HttpRule.PatternOneofCase.Post => (HttpMethod.Post, rule.Post),
                HttpRule.PatternOneofCase.Delete => (HttpMethod.Delete, rule.Delete),
                HttpRule.PatternOneofCase.Put => (HttpMethod.Put, rule.Put),
                HttpRule.PatternOneofCase.Patch => (HttpMethod.Patch, rule.Patch),
                _ => (HttpMethod.Get, ""),
            };
            if (template.Length > 0)
            {
                routes.Add((verb, Fill(template, tenant)));
            }
        }

        // Routes outside the protos: the caller's key, the model description and its plots, the page's settings are anonymous.
        routes.Add((HttpMethod.Get, "/v1/me"));
        routes.Add((HttpMethod.Get, "/v1/model"));
        routes.Add((HttpMethod.Get, "/v1/model/plots/loss.png"));
        routes.Add((HttpMethod.Post, "/v1/frames?cameraId=cam-1"));
        routes.Add((HttpMethod.Get, $"/v1/frames/{Guid.NewGuid()}"));
        routes.Add((HttpMethod.Get, "/v1/cameras/cam-1/results"));
        return routes;
    }

    /// <summary>Match's photo routes (multipart or raw image bodies; the same paths as JSON routes, another endpoint).</summary>
    public static IReadOnlyList<string> Photo(string tenant) =>
    [
        $"/v1/tenants/{tenant}/subjects/x/examples", $"/v1/tenants/{tenant}/identify", $"/v1/tenants/{tenant}/verify?subjectId=x",
        $"/v1/tenants/{tenant}/subjects/x/wrong-matches",
    ];

    private static string Fill(string template, string tenant)
    {
        var path = template.Replace("{tenant}", tenant, StringComparison.Ordinal);
        while (path.IndexOf('{', StringComparison.Ordinal) is var open and >= 0)
        {
            var close = path.IndexOf('}', open);
            path = path[..open] + "x" + path[(close + 1)..];
        }

        return path;
    }
}
