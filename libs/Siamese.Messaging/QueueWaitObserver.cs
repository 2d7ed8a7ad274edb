using MassTransit;

namespace Siamese.Messaging;

/// <summary>
/// Records each consumed message's time in the queue (its send time to now): a stage whose wait grows is the one
/// that needs replicas, which the consumer's own duration does not show.
/// </summary>
public sealed class QueueWaitObserver(MessagingMetrics metrics, TimeProvider clock) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);

        // Batch<T> wraps messages already recorded one by one.
        if (!typeof(T).IsGenericType && context.SentTime is { } sent)
        {
            metrics.RecordQueueWait(typeof(T).Name, clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(sent, DateTimeKind.Utc));
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
