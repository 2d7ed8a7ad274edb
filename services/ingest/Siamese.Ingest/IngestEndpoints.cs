using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>The HTTP surface of ingest: post frames, fetch a frame's status, stream a camera's results.</summary>
public static class IngestEndpoints
{
    /// <summary>What a 503 (bus out of reach) tells the camera to wait before sending the frame again.</summary>
    public const int RetryAfterSeconds = 2;

    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var frames = endpoints.MapGroup("/v1");
        frames.MapPost("/frames", PostFrameAsync).DisableAntiforgery();
        frames.MapGet("/frames/{frameId}", GetFrame);
        frames.MapGet("/cameras/{cameraId}/results", StreamResults);
        return endpoints;
    }

    private static async Task<IResult> PostFrameAsync(
        HttpContext http, FrameIntake intake, IOptions<IngestOptions> options, ImageLimits limits, ILoggerFactory loggers)
    {
        try
        {
            var tenant = IngestTenant.Of(http, options.Value);
            var frame = await FrameRequestReader.ReadAsync(http.Request, tenant, limits, http.RequestAborted).ConfigureAwait(false);
            var accepted = await intake.SubmitAsync(frame, http.RequestAborted).ConfigureAwait(false);
            return TypedResults.Accepted(accepted.StatusUrl, accepted);
        }
        catch (FrameRejectedException ex)
        {
            IngestLog.Rejected(loggers.CreateLogger(typeof(IngestEndpoints)), ex.StatusCode, ex.Message);
            if (ex.StatusCode is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
            {
                // Not accepted for now (bus out of reach, too busy to decode): the camera should send it again, a little later.
                http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            return Problem(ex);
        }
    }

    private static IResult GetFrame(string frameId, HttpContext http, FrameStore store, IOptions<IngestOptions> options)
    {
        try
        {
            var tenant = IngestTenant.Of(http, options.Value);
            RefuseUnknownQuery(http);
            if (!Guid.TryParse(frameId, out var id))
            {
                // Not a route miss (an empty 404): the id is wrong, and the answer says what a frame id is.
                return TypedResults.Problem(
                    $"Frame id '{NameRules.Shorten(frameId)}' is not valid: use the id POST /v1/frames answered with (a GUID).",
                    statusCode: StatusCodes.Status400BadRequest, title: "Bad frame id");
            }

            return store.Find(tenant, id) is { } view
                ? TypedResults.Ok(view)
                : TypedResults.Problem($"Frame {frameId} is unknown or its result has expired.", statusCode: StatusCodes.Status404NotFound, title: "Frame not found");
        }
        catch (FrameRejectedException ex)
        {
            return Problem(ex);
        }
    }

    private static IResult StreamResults(string cameraId, HttpContext http, ResultBroadcaster broadcaster, IOptions<IngestOptions> options)
    {
        try
        {
            var tenant = IngestTenant.Of(http, options.Value);
            RefuseUnknownQuery(http);
            if (NameRules.CameraError(cameraId) is { } error)
            {
                throw FrameRejectedException.BadMetadata(error);
            }

            return TypedResults.ServerSentEvents(ResultEventsAsync(broadcaster.Subscribe(tenant, cameraId), http.RequestAborted));
        }
        catch (FrameRejectedException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>A GET takes only <c>?tenant=</c>: anything else is refused (422, as a frame's fields are), not ignored.</summary>
    private static void RefuseUnknownQuery(HttpContext http)
    {
        if (RequestFields.Unknown(http.Request.Query.Keys, [IngestTenant.QueryName], "query parameters") is { } error)
        {
            throw FrameRejectedException.BadMetadata(error);
        }
    }

    private static ProblemHttpResult Problem(FrameRejectedException ex) => TypedResults.Problem(ex.Message, statusCode: ex.StatusCode, title: ex.Title);

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
}
