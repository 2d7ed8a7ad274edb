using System.Net;

namespace Siamese.Index.Qdrant;

/// <summary>A Qdrant call failed: names the collection, the operation, the HTTP status and Qdrant's own message.</summary>
public sealed class QdrantException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public QdrantException(string collection, string operation, HttpStatusCode? statusCode, string detail, Exception? innerException = null)
        : base(Compose(collection, operation, statusCode, detail), innerException)
    {
        Collection = collection;
        Operation = operation;
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>The collection the call addressed.</summary>
    public string Collection { get; }

    /// <summary>What was attempted ("upsert points", "search groups", …).</summary>
    public string Operation { get; }

    /// <summary>The HTTP status, or null when no response arrived (connection error, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Qdrant's <c>status.error</c> text, or what went wrong on the way.</summary>
    public string Detail { get; }

    private static string Compose(string collection, string operation, HttpStatusCode? statusCode, string detail) =>
        statusCode is { } code
            ? $"Qdrant {operation} on collection '{collection}' failed with HTTP {(int)code} ({code}): {detail}"
            : $"Qdrant {operation} on collection '{collection}' failed: {detail}";
}
