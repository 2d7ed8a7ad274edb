namespace Siamese.Messaging;

/// <summary>Which broker carries the pipeline's messages.</summary>
public enum MessagingTransport
{
    /// <summary>In-process (standalone host, unit tests): nothing survives a restart.</summary>
    InMemory,

    /// <summary>RabbitMQ with publisher confirms and durable queues (the distributed system).</summary>
    RabbitMq,
}
