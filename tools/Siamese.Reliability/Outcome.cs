namespace Siamese.Reliability;

/// <summary>How one bad input was answered.</summary>
public enum Outcome
{
    /// <summary>A clear client error: HTTP 4xx (problem+json), gRPC INVALID_ARGUMENT, RESOURCE_EXHAUSTED, NOT_FOUND, ...</summary>
    Clean4xx,

    /// <summary>HTTP 5xx, or gRPC UNKNOWN / INTERNAL / DATA_LOSS: the service failed on the input.</summary>
    ServerError,

    /// <summary>No answer within the hang limit.</summary>
    Hang,

    /// <summary>The host process died.</summary>
    Crash,

    /// <summary>Answered as if valid (2xx / OK): a bad input the service did not notice.</summary>
    Accepted,

    /// <summary>The connection failed without an answer (the service went away, or closed the stream).</summary>
    NoAnswer,
}
