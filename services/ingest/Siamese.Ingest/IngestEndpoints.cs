using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>The HTTP surface of ingest: post frames, fetch a frame's status, stream a camera's results.</summary>
public static class IngestEndpoints
{
    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var frames = endpoints.MapGroup("/v1");
        frames.MapPost("/frames", PostFrameAsync).DisableAntiforgery();
        frames.MapGet("/frames/{frameId:guid}", GetFrame);
        frames.MapGet("/cameras/{cameraId}/results", StreamResults);
        return endpoints;
    }

    private static async Task<IResult> PostFrameAsync(
        HttpContext http, FrameIntake intake, IOptions<IngestOptions> options, ImageLimits limits, ILoggerFactory loggers)
    {
        try
        {
            var frame = await FrameRequestReader.ReadAsync(http.Request, options.Value, limits, http.RequestAborted).ConfigureAwait(false);
            var accepted = await intake.SubmitAsync(frame, http.RequestAborted).ConfigureAwait(false);
            return TypedResults.Accepted(accepted.StatusUrl, accepted);
        }
        catch (FrameRejectedException ex)
        {
            IngestLog.Rejected(loggers.CreateLogger(typeof(IngestEndpoints)), ex.StatusCode, ex.Message);
            return TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: ex.Title);
        }
    }

    private static Results<Ok<FrameView>, ProblemHttpResult> GetFrame(
        Guid frameId, HttpRequest request, FrameStore store, IOptions<IngestOptions> options) =>
        store.Find(Tenant(request, options.Value), frameId) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem($"Frame {frameId} is unknown or its result has expired.", statusCode: StatusCodes.Status404NotFound, title: "Frame not found");

    private static ServerSentEventsResult<FrameView?> StreamResults(
        string cameraId, HttpContext http, ResultBroadcaster broadcaster, IOptions<IngestOptions> options) =>
        TypedResults.ServerSentEvents(
            ResultEventsAsync(broadcaster.Subscribe(Tenant(http.Request, options.Value), cameraId), http.RequestAborted));

    /// <summary>A "subscribed" event first (so a dashboard knows from when on it sees every result), then one "frame" event per finished frame.</summary>
    private static async IAsyncEnumerable<SseItem<FrameView?>> ResultEventsAsync(
        ResultBroadcaster.Subscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            yield return new SseItem<FrameView?>(null, "subscribed");
            await foreach (var frame in subscription.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return new SseItem<FrameView?>(frame, "frame") { EventId = frame.FrameId.ToString() };
            }
        }
    }

    private static string Tenant(HttpRequest request, IngestOptions options) =>
        request.Headers.TryGetValue(FrameRequestReader.TenantHeader, out var t) && !string.IsNullOrWhiteSpace(t) ? t.ToString() : options.DefaultTenant;
}
