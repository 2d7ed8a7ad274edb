using MassTransit;
using Microsoft.Extensions.Logging;
using Siamese.Contracts;

namespace Siamese.Ingest.Consumers;

/// <summary>
/// A message whose consumer kept failing has gone to its error queue; MassTransit publishes a <c>Fault</c>,
/// which marks the frame failed with the exception's message.
/// </summary>
internal sealed class FrameFaultConsumer<TMessage>(FrameStore store, ILogger<FrameFaultConsumer<TMessage>> logger) : IConsumer<Fault<TMessage>>
    where TMessage : class, IFrameMessage
{
    public Task Consume(ConsumeContext<Fault<TMessage>> context)
    {
        var stage = Stage(typeof(TMessage));
        var reason = string.Join("; ", context.Message.Exceptions.Select(e => e.Message).Distinct());
        if (store.Fail(context.Message.Message, stage, string.IsNullOrEmpty(reason) ? "processing failed" : reason))
        {
            IngestLog.Failed(logger, context.Message.Message.FrameId, stage, reason);
        }

        return Task.CompletedTask;
    }

    private static string Stage(Type message) => message == typeof(FrameReceived) ? "detect"
        : message == typeof(CropsDetected) ? "embed"
        : message == typeof(EmbeddingsComputed) ? "match"
        : message.Name;
}
