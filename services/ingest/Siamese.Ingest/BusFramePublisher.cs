using MassTransit;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Messaging;

namespace Siamese.Ingest;

/// <summary>
/// Publishes through MassTransit. On RabbitMQ the publish completes when the broker confirms it (publisher
/// confirms); a broker that does not confirm within <see cref="MessagingOptions.PublishTimeout"/> makes it fail.
/// </summary>
internal sealed class BusFramePublisher(IBus bus, IOptions<MessagingOptions> options) : IFramePublisher
{
    public async Task PublishAsync(FrameReceived frame, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            await bus.Publish(frame, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw FrameRejectedException.BusUnavailable(
                "The frame could not be put on the message bus, so it was not accepted; retry later.", ex);
        }
    }
}
