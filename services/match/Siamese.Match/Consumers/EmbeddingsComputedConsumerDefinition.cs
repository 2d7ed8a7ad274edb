using MassTransit;
using Siamese.Messaging;

namespace Siamese.Match.Consumers;

/// <summary>Match's queue.</summary>
public sealed class EmbeddingsComputedConsumerDefinition : ConsumerDefinition<EmbeddingsComputedConsumer>
{
    public EmbeddingsComputedConsumerDefinition()
    {
        EndpointName = QueueNames.Match;
        ConcurrentMessageLimit = Environment.ProcessorCount * 2;
    }
}
