using System.Collections.Concurrent;

namespace Siamese.Messaging;

/// <summary>
/// Remembers the frames a consumer has completed, so a redelivery (a lost ack, a retry after the publish)
/// is skipped instead of producing a second downstream message. Bounded: the oldest ids are forgotten first.
/// One per consumer type (<typeparamref name="TConsumer"/>), so consumers sharing a process never skip each other's frames.
/// </summary>
public sealed class FrameDeduplicator<TConsumer>
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<Guid, byte> _seen = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    public bool IsCompleted(Guid frameId) => _seen.ContainsKey(frameId);

    public void MarkCompleted(Guid frameId)
    {
        if (!_seen.TryAdd(frameId, 0))
        {
            return;
        }

        _order.Enqueue(frameId);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _seen.TryRemove(oldest, out _);
        }
    }
}
