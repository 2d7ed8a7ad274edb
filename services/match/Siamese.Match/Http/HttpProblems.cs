using Microsoft.AspNetCore.Http;
using Siamese.Imaging;
using Siamese.Match.Crops;
using Siamese.ServiceDefaults;

namespace Siamese.Match.Http;

/// <summary>
/// The one place where domain exceptions become HTTP problems (application/problem+json) on the photo endpoints:
/// the status a client can act on and a message saying what was wrong.
/// </summary>
internal static class HttpProblems
{
    /// <summary>The problem for an expected failure; null for anything else (a bug: the host logs it and answers 500).</summary>
    public static IResult? For(Exception exception) => exception switch
    {
        AccessDeniedException e => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
        ImageDecodeException { Error: ImageError.TooLarge } e => Problem(StatusCodes.Status413PayloadTooLarge, "Image too large", e.Message),
        ImageDecodeException { Error: ImageError.UnsupportedFormat } e => Problem(StatusCodes.Status415UnsupportedMediaType, "Not an image", e.Message),
        ImageDecodeException e => Problem(StatusCodes.Status400BadRequest, "Unreadable image", e.Message),
        NoFaceFoundException e => Problem(StatusCodes.Status422UnprocessableEntity, "Nothing found in the image", e.Message),
        LimitExceededException e => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e => Problem(e.StatusCode, "Too large", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message),
        ResourceNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        ServiceBusyException e => new BusyResult(e.RetryAfter, Problem(StatusCodes.Status429TooManyRequests, "Busy", e.Message)),
        ServiceNotReadyException e => Problem(StatusCodes.Status503ServiceUnavailable, "Starting", e.Message),
        ArgumentException e => Problem(StatusCodes.Status400BadRequest, "Bad request", e.Message),
        _ => null,
    };

    /// <summary>A busy service's problem with Retry-After: the same request succeeds later.</summary>
    private sealed class BusyResult(TimeSpan retryAfter, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    private static IResult Problem(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);
}
