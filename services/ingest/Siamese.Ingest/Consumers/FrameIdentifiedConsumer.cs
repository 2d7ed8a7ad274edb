using MassTransit;
using Siamese.Contracts;

namespace Siamese.Ingest.Consumers;

/// <summary>Stores a frame's result; a redelivered result is ignored (the first one stays).</summary>
internal sealed class FrameIdentifiedConsumer(FrameStore store) : IConsumer<FrameIdentified>
{
    public Task Consume(ConsumeContext<FrameIdentified> context)
    {
        store.Complete(context.Message);
        return Task.CompletedTask;
    }
}
