using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>Puts an accepted frame on the bus; returns only once the broker holds it.</summary>
internal interface IFramePublisher
{
    Task PublishAsync(FrameReceived frame, CancellationToken cancellationToken);
}
