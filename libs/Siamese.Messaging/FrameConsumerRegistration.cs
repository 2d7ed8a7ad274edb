using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Siamese.Messaging;

/// <summary>Registration of pipeline-stage consumers that skip redelivered frames.</summary>
public static class FrameConsumerRegistration
{
    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> with its <typeparamref name="TDefinition"/> and the
    /// <see cref="FrameDeduplicator{TConsumer}"/> it takes (registered once, open generic, whichever stage comes first).
    /// </summary>
    public static IBusRegistrationConfigurator AddDeduplicatingConsumer<TConsumer, TDefinition>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.TryAddSingleton(typeof(FrameDeduplicator<>));
        bus.AddConsumer<TConsumer, TDefinition>();
        return bus;
    }
}
