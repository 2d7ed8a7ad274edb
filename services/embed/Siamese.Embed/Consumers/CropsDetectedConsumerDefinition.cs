using MassTransit;
using Siamese.Messaging;

namespace Siamese.Embed.Consumers;

/// <summary>
/// Embed's queue and batching: up to <see cref="MessageLimit"/> frames per model run, waiting at most
/// <see cref="TimeLimit"/> for a batch to fill; the prefetch covers the batches in flight.
/// </summary>
public sealed class CropsDetectedConsumerDefinition : ConsumerDefinition<CropsDetectedConsumer>
{
    public const int MessageLimit = 32;
    public const int ConcurrencyLimit = 2;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(10);

    public CropsDetectedConsumerDefinition()
    {
        EndpointName = QueueNames.Embed;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CropsDetectedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        endpointConfigurator.PrefetchCount = MessageLimit * (ConcurrencyLimit + 1);
        consumerConfigurator.Options<BatchOptions>(o => o.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(ConcurrencyLimit));
    }
}
