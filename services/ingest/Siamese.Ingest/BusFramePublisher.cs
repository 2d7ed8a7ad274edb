using MassTransit;
using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Messaging;

namespace Siamese.Ingest;

/// <summary>
/// Publishes through MassTransit. On RabbitMQ the publish completes when the broker confirms it (publisher
/// confirms); a broker that does not confirm within <see cref="MessagingOptions.PublishTimeout"/> makes it fail, and a bus
/// known to be disconnected fails at once.
/// </summary>
internal sealed class BusFramePublisher(IBus bus, IBusControl control, IOptions<MessagingOptions> options) : IFramePublisher
{
    public async Task PublishAsync(FrameReceived frame, CancellationToken cancellationToken)
    {
        // While the broker is known to be out of reach, say so at once rather than after the publish timeout.
        if (control.CheckHealth().Status == BusHealthStatus.Unhealthy)
        {
            throw FrameRejectedException.BusUnavailable("The message bus is not connected, so the frame was not accepted; retry later.");
        }

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
