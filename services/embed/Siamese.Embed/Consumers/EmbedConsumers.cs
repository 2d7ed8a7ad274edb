using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Siamese.Messaging;

namespace Siamese.Embed.Consumers;

/// <summary>Registers embed's bus consumer (batched).</summary>
public static class EmbedConsumers
{
    public static IBusRegistrationConfigurator AddEmbedConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton(typeof(FrameDeduplicator<>));
        bus.AddConsumer<CropsDetectedConsumer, CropsDetectedConsumerDefinition>();
        return bus;
    }
}
