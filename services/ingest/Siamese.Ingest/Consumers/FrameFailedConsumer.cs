using MassTransit;
using Microsoft.Extensions.Logging;
using Siamese.Contracts;

namespace Siamese.Ingest.Consumers;

/// <summary>Marks a frame failed with the reason a service gave.</summary>
internal sealed class FrameFailedConsumer(FrameStore store, ILogger<FrameFailedConsumer> logger) : IConsumer<FrameFailed>
{
    public Task Consume(ConsumeContext<FrameFailed> context)
    {
        var m = context.Message;
        if (store.Fail(m, m.Stage, m.Reason))
        {
            IngestLog.Failed(logger, m.FrameId, m.Stage, m.Reason);
        }

        return Task.CompletedTask;
    }
}
