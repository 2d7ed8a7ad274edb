using System.Net;
using Siamese.Reliability.BadInputs;

namespace Siamese.Reliability;

/// <summary>
/// Every entry point (each RPC over gRPC, each REST route, ingest's routes) called with no key, a malformed key, a
/// well-formed unknown key and a revoked key: each must be refused (401 / UNAUTHENTICATED, or 403).
/// </summary>
public static class Unauthenticated
{
    public static async Task<UnauthenticatedFigures> RunAsync(Deployment deployment, string tenant, string revokedKey)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var keys = new (string Name, string? Key)[]
        {
            ("none", null), ("malformed", "not-a-key"), ("unknown", Siamese.Reliability.Keys.WellFormedUnknown()), ("revoked", revokedKey),
            ("empty-bearer", ""),
        };
        var accepted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int tried = 0, rejected = 0;
        using var http2 = new HttpClient { BaseAddress = deployment.GrpcAddress, Timeout = TimeSpan.FromSeconds(15) };
        foreach (var (path, _) in RawProtobuf.Methods([.. Routes.Services]))
        {
            foreach (var (_, key) in keys)
            {
                tried++;
                if (await RefusedGrpcAsync(http2, path, key))
                {
                    rejected++;
                }
                else
                {
                    accepted[path] = accepted.GetValueOrDefault(path) + 1;
                }
            }
        }

        var png = Siamese.Imaging.ImageEncoder.EncodePng(new Siamese.Imaging.GrayImage(8, 8, new float[64]));
        var requests = Routes.Rest(tenant).Select(r => (r.Method, r.Path, Type: "application/json", Body: "{}"u8.ToArray()))
            .Concat(Routes.Photo(tenant).Select(p => (Method: HttpMethod.Post, Path: p, Type: "image/png", Body: png)));
        foreach (var (method, path, type, body) in requests)
        {
            foreach (var (_, key) in keys)
            {
                tried++;
                using var request = new HttpRequestMessage(method, path);
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
                }

                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation(key.Length == 0 ? "Authorization" : "X-Api-Key", key.Length == 0 ? "Bearer " : key);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                using var response = await deployment.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    rejected++;
                }
                else
                {
                    accepted[$"{method} {path} ({type})"] = accepted.GetValueOrDefault($"{method} {path} ({type})") + 1;
                }
            }
        }

        return new UnauthenticatedFigures(tried, rejected, accepted);
    }

    private static async Task<bool> RefusedGrpcAsync(HttpClient http2, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(RawProtobuf.Frame([])),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(key.Length == 0 ? "authorization" : "x-api-key", key.Length == 0 ? "Bearer " : key);
        }

        using var response = await http2.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var t) ? t.First()
            : response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : null;
        return status is "16" or "7";
    }
}
