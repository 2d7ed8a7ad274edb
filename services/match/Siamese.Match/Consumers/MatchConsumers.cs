using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Siamese.Messaging;

namespace Siamese.Match.Consumers;

/// <summary>Registers match's bus consumer.</summary>
public static class MatchConsumers
{
    public static IBusRegistrationConfigurator AddMatchConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton(typeof(FrameDeduplicator<>));
        bus.AddConsumer<EmbeddingsComputedConsumer, EmbeddingsComputedConsumerDefinition>();
        return bus;
    }
}
