using MassTransit;
using Siamese.Messaging;

namespace Siamese.Embed.Consumers;

/// <summary>Registers embed's bus consumer (batched).</summary>
public static class EmbedConsumers
{
    public static IBusRegistrationConfigurator AddEmbedConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddDeduplicatingConsumer<CropsDetectedConsumer, CropsDetectedConsumerDefinition>();
}
