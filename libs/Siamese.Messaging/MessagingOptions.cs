using System.ComponentModel.DataAnnotations;

namespace Siamese.Messaging;

/// <summary>Bus settings, section <c>Messaging</c> (environment: <c>Messaging__Transport=RabbitMq</c>).</summary>
public sealed class MessagingOptions : IValidatableObject
{
    public const string SectionName = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>The broker, with credentials: <c>amqp://user:password@host:5672/vhost</c>.</summary>
    [Required]
    public Uri RabbitMqUri { get; set; } = new("amqp://guest:guest@127.0.0.1:5672/");

    /// <summary>Redeliveries of a message whose consumer threw, before it goes to the error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially up to <see cref="RetryMaxInterval"/>.</summary>
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// RabbitMQ: whether the broker keeps each message on disk until it is consumed, so that the frames in flight survive
    /// a restart of the broker (delivery mode 2; the default). false: the broker keeps them in memory only (delivery
    /// mode 1): a restart or crash of the broker loses the frames then queued, whose results never come, and the
    /// broker spends less than half the CPU per frame (<c>bench/results/pipeline.json</c>, mode rabbitmq-transient).
    /// Either way ingest answers 202 only once the broker has the frame (publisher confirms) and the queues are durable.
    /// For a live camera feed, where a frame's answer is worth little a few seconds later, false is a reasonable choice.
    /// </summary>
    public bool PersistentMessages { get; set; } = true;

    /// <summary>Messages fetched ahead per receive endpoint.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 32;

    /// <summary>How long a publish may wait for the broker's confirm before the caller gives up.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The broker's address must be an absolute amqp:// or amqps:// address when RabbitMQ is the transport: a relative one
    /// ("rabbit", a host name alone) stopped the start with "This operation is not supported for a relative URI".
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Transport == MessagingTransport.RabbitMq
            && (RabbitMqUri is not { IsAbsoluteUri: true } || RabbitMqUri.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(RabbitMqUri.Host)))
        {
            yield return new ValidationResult(
                $"{SectionName}:RabbitMqUri '{RabbitMqUri}' is not a broker address: use amqp://user:password@host:5672/vhost (or amqps://).",
                [nameof(RabbitMqUri)]);
        }

        if (RetryMinInterval < TimeSpan.Zero || RetryMaxInterval < RetryMinInterval || PublishTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult(
                $"{SectionName}: RetryMinInterval ({RetryMinInterval}) must be 0 or more, RetryMaxInterval ({RetryMaxInterval}) at least RetryMinInterval, and PublishTimeout ({PublishTimeout}) positive.",
                [nameof(RetryMinInterval)]);
        }
    }
}
