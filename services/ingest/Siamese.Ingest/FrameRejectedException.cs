using Microsoft.AspNetCore.Http;

namespace Siamese.Ingest;

/// <summary>A frame that is not accepted, with the HTTP status and a message for the camera's owner.</summary>
public sealed class FrameRejectedException : Exception
{
    public FrameRejectedException()
    {
    }

    public FrameRejectedException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad frame", message)
    {
    }

    public FrameRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Title = "Bad frame";
    }

    public FrameRejectedException(int statusCode, string title, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    public string Title { get; } = "Bad frame";

    public static FrameRejectedException Corrupt(string detail, Exception? inner = null) =>
        new(StatusCodes.Status400BadRequest, "Corrupt image", detail, inner);

    public static FrameRejectedException TooLarge(string detail, Exception? inner = null) =>
        new(StatusCodes.Status413PayloadTooLarge, "Frame too large", detail, inner);

    public static FrameRejectedException NotAnImage(string detail, Exception? inner = null) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Not an image", detail, inner);

    public static FrameRejectedException BadMetadata(string detail, Exception? inner = null) =>
        new(StatusCodes.Status422UnprocessableEntity, "Bad frame metadata", detail, inner);

    public static FrameRejectedException KeyReused(string detail, Exception? inner = null) =>
        new(StatusCodes.Status409Conflict, "Idempotency key reused", detail, inner);

    public static FrameRejectedException Busy(string detail, Exception? inner = null) =>
        new(StatusCodes.Status429TooManyRequests, "Busy", detail, inner);

    public static FrameRejectedException BusUnavailable(string detail, Exception? inner = null) =>
        new(StatusCodes.Status503ServiceUnavailable, "Message bus unavailable", detail, inner);
}
