using MassTransit;
using Siamese.Contracts;

namespace Siamese.Ingest.Consumers;

/// <summary>Stores a frame's result; a redelivered result is ignored (the first one stays, and is the one timed).</summary>
internal sealed class FrameIdentifiedConsumer(FrameStore store, IngestMetrics metrics, TimeProvider clock) : IConsumer<FrameIdentified>
{
    public Task Consume(ConsumeContext<FrameIdentified> context)
    {
        if (store.Complete(context.Message))
        {
            metrics.RecordIdentified(context.Message.ReceivedAt, clock.GetUtcNow());
        }

        return Task.CompletedTask;
    }
}
