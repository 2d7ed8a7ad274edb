using System.Net;
using System.Text.RegularExpressions;
using Grpc.Core;
using Siamese.Testing;

namespace Siamese.Reliability;

/// <summary>
/// Sends one bad input and classifies the answer: a clear 4xx (or its gRPC equivalent, with a message that names no
/// internal type), a server error, a hang past <see cref="HangLimit"/>, a crash of the host, or an input accepted as valid.
/// </summary>
public sealed partial class Probe(ServiceProcess host, OutcomeTally tally)
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(10);

    private static readonly HashSet<StatusCode> ClientErrors =
    [
        StatusCode.InvalidArgument, StatusCode.ResourceExhausted, StatusCode.NotFound, StatusCode.PermissionDenied,
        StatusCode.Unauthenticated, StatusCode.FailedPrecondition, StatusCode.OutOfRange, StatusCode.AlreadyExists,
    ];

    public OutcomeTally Tally { get; } = tally;

    /// <summary>An HTTP request (REST, ingest, transcoded gRPC); built fresh per attempt by <paramref name="request"/>.</summary>
    public async Task<Outcome> HttpAsync(string entryPoint, HttpClient http, Func<HttpRequestMessage> request, string what = "")
    {
        using var timeout = new CancellationTokenSource(HangLimit);
        Outcome outcome;
        string detail;
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            (outcome, detail) = status switch
            {
                >= 400 and < 500 when LeaksInternalName(body) => (Outcome.ServerError, $"{status} names an internal type: {Shorten(body)}"),
                >= 400 and < 500 => (Outcome.Clean4xx, ""),
                >= 500 => (Outcome.ServerError, $"{status}: {Shorten(body)}"),
                _ => (Outcome.Accepted, $"{status}: {Shorten(body)}"),
            };
        }
        catch (OperationCanceledException)
        {
            (outcome, detail) = (Outcome.Hang, $"no answer within {HangLimit.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            (outcome, detail) = (Outcome.NoAnswer, ex.Message);
        }

        return Record(entryPoint, outcome, $"{what} {detail}");
    }

    /// <summary>A typed gRPC call; <paramref name="call"/> gets the deadline to pass on.</summary>
    public async Task<Outcome> GrpcAsync(string entryPoint, Func<DateTime, Task> call, string what = "")
    {
        Outcome outcome;
        string detail = "";
        try
        {
            await call(DateTime.UtcNow + HangLimit);
            outcome = Outcome.Accepted;
        }
        catch (RpcException ex)
        {
            (outcome, detail) = Classify(ex.StatusCode, ex.Status.Detail);
        }

        return Record(entryPoint, outcome, $"{what} {detail}");
    }

    /// <summary>
    /// A hand-made gRPC call (HTTP/2 without TLS, <paramref name="body"/> as the framed request), for messages no typed
    /// client would send. The status is read from the headers (trailers-only answers) or the trailers.
    /// </summary>
    public async Task<Outcome> RawGrpcAsync(string entryPoint, HttpClient http2, string path, byte[] body, string? apiKey)
    {
        using var timeout = new CancellationTokenSource(HangLimit);
        Outcome outcome;
        string detail;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
            request.Headers.TryAddWithoutValidation("te", "trailers");
            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
            }

            using var response = await http2.SendAsync(request, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var status = Header(response, "grpc-status");
            var message = Uri.UnescapeDataString(Header(response, "grpc-message") ?? "");
            (outcome, detail) = status is not null && int.TryParse(status, out var code)
                ? Classify((StatusCode)code, message)
                : (int)response.StatusCode is >= 400 and < 500 ? (Outcome.Clean4xx, "")
                : (Outcome.ServerError, $"HTTP {(int)response.StatusCode} without grpc-status");
        }
        catch (OperationCanceledException)
        {
            (outcome, detail) = (Outcome.Hang, $"no answer within {HangLimit.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            (outcome, detail) = (Outcome.NoAnswer, ex.Message);
        }

        // The method, so that an example says which one answered so.
        return Record(entryPoint, outcome, $"{path}: {detail}");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailing) ? trailing.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var leading) ? leading.FirstOrDefault()
        : null;

    /// <summary>The class of a gRPC status (also read from the raw trailers of a hand-made call).</summary>
    public static (Outcome Outcome, string Detail) Classify(StatusCode code, string detail) => code switch
    {
        _ when ClientErrors.Contains(code) && LeaksInternalName(detail) => (Outcome.ServerError, $"{code} names an internal type: {Shorten(detail)}"),
        _ when ClientErrors.Contains(code) => (Outcome.Clean4xx, ""),
        StatusCode.OK => (Outcome.Accepted, ""),
        StatusCode.DeadlineExceeded => (Outcome.Hang, "deadline exceeded"),
        StatusCode.Unavailable or StatusCode.Cancelled => (Outcome.NoAnswer, $"{code}: {Shorten(detail)}"),
        _ => (Outcome.ServerError, $"{code}: {Shorten(detail)}"),
    };

    private Outcome Record(string entryPoint, Outcome outcome, string detail)
    {
        // Whatever the answer looked like, a host that is gone has crashed.
        if (host.HasExited)
        {
            outcome = Outcome.Crash;
            detail = $"host exited with {host.ExitCode}";
        }

        Tally.Add(entryPoint, outcome, detail);
        return outcome;
    }

    /// <summary>A .NET or protobuf type name in a message a caller reads ("Siamese.Contracts.BoundingBox", "System.IO...").</summary>
    public static bool LeaksInternalName(string text) => InternalName().IsMatch(text);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\b(Siamese|System|Microsoft|Google|Grpc)\.[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)*")]
    private static partial Regex InternalName();

    /// <summary>Whether an HTTP status is a client error.</summary>
    public static bool IsClientError(HttpStatusCode status) => (int)status is >= 400 and < 500;
}
