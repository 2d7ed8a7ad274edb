using MassTransit;
using Siamese.Messaging;

namespace Siamese.Ingest.Consumers;

/// <summary>All of ingest's consumers share one queue, <see cref="QueueNames.Ingest"/>.</summary>
internal sealed class IngestEndpointDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public IngestEndpointDefinition()
    {
        EndpointName = QueueNames.Ingest;
    }
}
