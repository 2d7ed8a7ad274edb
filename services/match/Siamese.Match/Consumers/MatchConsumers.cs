using MassTransit;
using Siamese.Messaging;

namespace Siamese.Match.Consumers;

/// <summary>Registers match's bus consumer.</summary>
public static class MatchConsumers
{
    public static IBusRegistrationConfigurator AddMatchConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddDeduplicatingConsumer<EmbeddingsComputedConsumer, EmbeddingsComputedConsumerDefinition>();
}
