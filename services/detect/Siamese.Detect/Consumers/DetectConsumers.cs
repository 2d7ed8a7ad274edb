using MassTransit;

namespace Siamese.Detect.Consumers;

/// <summary>Registers detect's consumer on the bus.</summary>
public static class DetectConsumers
{
    public static IBusRegistrationConfigurator AddDetectConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<FrameReceivedConsumer, FrameReceivedConsumerDefinition>();
        return bus;
    }
}
