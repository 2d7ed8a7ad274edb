using System.Threading.Channels;

namespace Siamese.Ingest;

/// <summary>
/// Fans finished frames out to the dashboards streaming a camera. Each subscriber has a small buffer that drops
/// its oldest entries when full: a slow dashboard never holds up the pipeline. A camera's entry goes when its last
/// dashboard leaves, so camera ids that come and go (any string a client streams) do not pile up.
/// </summary>
internal sealed class ResultBroadcaster
{
    private const int BufferPerSubscriber = 256;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Channel<FrameView>[]> _subscribers = new(StringComparer.Ordinal);

    /// <summary>How many cameras have a dashboard streaming them now.</summary>
    internal int CamerasWatched
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void Publish(FrameView frame)
    {
        Channel<FrameView>[]? channels;
        lock (_gate)
        {
            _subscribers.TryGetValue(Key(frame.Tenant, frame.CameraId), out channels);
        }

        // The arrays are never changed, only replaced: written outside the lock.
        foreach (var channel in channels ?? [])
        {
            channel.Writer.TryWrite(frame);
        }
    }

    /// <summary>Registers now: every frame finished after this call reaches the reader until it is disposed.</summary>
    public Subscription Subscribe(string tenant, string cameraId)
    {
        var channel = Channel.CreateBounded<FrameView>(new BoundedChannelOptions(BufferPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest });
        var key = Key(tenant, cameraId);
        lock (_gate)
        {
            _subscribers[key] = _subscribers.TryGetValue(key, out var channels) ? [.. channels, channel] : [channel];
        }

        return new Subscription(channel.Reader, () => Unsubscribe(key, channel));
    }

    private void Unsubscribe(string key, Channel<FrameView> channel)
    {
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(key, out var channels))
            {
                return;
            }

            var rest = Array.FindAll(channels, c => c != channel);
            if (rest.Length == 0)
            {
                _subscribers.Remove(key);
            }
            else
            {
                _subscribers[key] = rest;
            }
        }
    }

    private static string Key(string tenant, string cameraId) => tenant + "\n" + cameraId;

    /// <summary>A camera's finished frames, until disposed.</summary>
    public sealed class Subscription(ChannelReader<FrameView> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<FrameView> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
