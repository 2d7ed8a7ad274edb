using MassTransit;
using Siamese.Contracts;

namespace Siamese.Ingest.Consumers;

/// <summary>Registers ingest's consumers on the bus (results, failures, faults of every stage).</summary>
public static class IngestConsumers
{
    public static IBusRegistrationConfigurator AddIngestConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<FrameIdentifiedConsumer, IngestEndpointDefinition<FrameIdentifiedConsumer>>();
        bus.AddConsumer<FrameFailedConsumer, IngestEndpointDefinition<FrameFailedConsumer>>();
        bus.AddConsumer<FrameFaultConsumer<FrameReceived>, IngestEndpointDefinition<FrameFaultConsumer<FrameReceived>>>();
        bus.AddConsumer<FrameFaultConsumer<CropsDetected>, IngestEndpointDefinition<FrameFaultConsumer<CropsDetected>>>();
        bus.AddConsumer<FrameFaultConsumer<EmbeddingsComputed>, IngestEndpointDefinition<FrameFaultConsumer<EmbeddingsComputed>>>();
        return bus;
    }
}
