namespace Siamese.Messaging;

/// <summary>
/// The receive endpoints of the pipeline. Publishers pre-bind these queues (RabbitMQ), so a message published
/// before its consumer ever started waits in the queue instead of vanishing from an exchange with no bindings.
/// </summary>
public static class QueueNames
{
    public const string Detect = "siamese-detect";
    public const string Embed = "siamese-embed";
    public const string Match = "siamese-match";
    public const string Ingest = "siamese-ingest";
}
