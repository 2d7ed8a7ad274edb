using Grpc.Core;

namespace Siamese.Index.Qdrant;

/// <summary>A Qdrant call failed: names the collection, the operation, the gRPC status and Qdrant's own message.</summary>
public sealed class QdrantIndexException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    public QdrantIndexException(string collection, string operation, StatusCode statusCode, string detail, Exception? innerException = null)
        : base($"Qdrant {operation} on collection '{collection}' failed with {statusCode}: {detail}", innerException)
    {
        Collection = collection;
        Operation = operation;
        StatusCode = statusCode;
        Detail = detail;
    }

    /// <summary>The collection the call addressed.</summary>
    public string Collection { get; }

    /// <summary>What was attempted ("upsert points", "query groups", …).</summary>
    public string Operation { get; }

    /// <summary>
    /// The gRPC status: <see cref="StatusCode.Unavailable"/> when Qdrant could not be reached (after the retries),
    /// <see cref="StatusCode.DeadlineExceeded"/> past <see cref="QdrantOptions.Timeout"/>, otherwise Qdrant's own.
    /// </summary>
    public StatusCode StatusCode { get; }

    /// <summary>Qdrant's message, or what went wrong on the way.</summary>
    public string Detail { get; }
}
