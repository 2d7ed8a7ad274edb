using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Siamese.Ingest;

/// <summary>
/// Fans finished frames out to the dashboards streaming a camera. Each subscriber has a small buffer that drops
/// its oldest entries when full: a slow dashboard never holds up the pipeline.
/// </summary>
internal sealed class ResultBroadcaster
{
    private const int BufferPerSubscriber = 256;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<FrameView>, byte>> _subscribers = new(StringComparer.Ordinal);

    public void Publish(FrameView frame)
    {
        if (_subscribers.TryGetValue(Key(frame.Tenant, frame.CameraId), out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(frame);
            }
        }
    }

    /// <summary>Registers now: every frame finished after this call reaches the reader until it is disposed.</summary>
    public Subscription Subscribe(string tenant, string cameraId)
    {
        var channel = Channel.CreateBounded<FrameView>(new BoundedChannelOptions(BufferPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest });
        var channels = _subscribers.GetOrAdd(Key(tenant, cameraId), _ => new());
        channels.TryAdd(channel, 0);
        return new Subscription(channel.Reader, () => channels.TryRemove(channel, out _));
    }

    private static string Key(string tenant, string cameraId) => tenant + "\n" + cameraId;

    /// <summary>A camera's finished frames, until disposed.</summary>
    public sealed class Subscription(ChannelReader<FrameView> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<FrameView> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
