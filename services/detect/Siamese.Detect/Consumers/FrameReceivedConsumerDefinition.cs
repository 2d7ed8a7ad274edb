using MassTransit;
using Microsoft.Extensions.Options;
using Siamese.Messaging;

namespace Siamese.Detect.Consumers;

/// <summary>Detect's queue; frames are detected side by side up to <see cref="DetectOptions.ConsumerLimit"/>.</summary>
public sealed class FrameReceivedConsumerDefinition : ConsumerDefinition<FrameReceivedConsumer>
{
    public FrameReceivedConsumerDefinition(IOptions<DetectOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = QueueNames.Detect;
        ConcurrentMessageLimit = options.Value.ConsumerLimit;
    }
}
