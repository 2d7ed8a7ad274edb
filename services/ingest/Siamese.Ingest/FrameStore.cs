using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Siamese.Contracts;

namespace Siamese.Ingest;

/// <summary>
/// Frame statuses and results, in memory, bounded by count and age (<see cref="IngestOptions"/>): the oldest
/// frames are forgotten first. Idempotency keys live as long as their frame.
/// </summary>
internal sealed class FrameStore(IOptions<IngestOptions> options, ResultBroadcaster broadcaster, TimeProvider time)
{
    private readonly IngestOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, FrameRecord> _frames = new();
    private readonly ConcurrentDictionary<string, FrameRecord> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FrameRecord> _order = new();

    public int Count => _frames.Count;

    /// <summary>
    /// A new queued frame, or the frame already registered under the same idempotency key (<c>Created</c> false; its
    /// <see cref="FrameRecord.Fingerprint"/> says whether it held the same frame).
    /// </summary>
    public (FrameRecord Record, bool Created) Reserve(string tenant, string cameraId, string? idempotencyKey, string? fingerprint = null)
    {
        Trim();
        var view = new FrameView(Guid.NewGuid(), cameraId, FrameState.Queued, time.GetUtcNow(), null, null, null, [], []) { Tenant = tenant };
        var scope = idempotencyKey is null ? null : $"{tenant}\n{cameraId}\n{idempotencyKey}";
        var record = new FrameRecord(view, scope) { Fingerprint = fingerprint };
        if (scope is not null)
        {
            var existing = _keys.GetOrAdd(scope, record);
            if (!ReferenceEquals(existing, record))
            {
                return (existing, false);
            }
        }

        _frames[record.FrameId] = record;
        _order.Enqueue(record);
        return (record, true);
    }

    /// <summary>Forgets a frame that never made it onto the bus, so its idempotency key can be retried.</summary>
    public void Remove(FrameRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _frames.TryRemove(record.FrameId, out _);
        if (record.IdempotencyScope is { } scope)
        {
            _keys.TryRemove(new KeyValuePair<string, FrameRecord>(scope, record));
        }
    }

    public FrameView? Find(string tenant, Guid frameId) =>
        _frames.TryGetValue(frameId, out var r) && r.Accepted.Task.IsCompletedSuccessfully && r.View.Tenant == tenant ? r.View : null;

    public bool Complete(FrameIdentified result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // A frame without crops says why (nothing found, all rejected); one with crops needs no reason.
        var reason = result.Crops.Count == 0 ? result.Reason ?? "no face or item was found in the frame" : null;
        var finished = new FrameView(result.FrameId, result.CameraId, FrameState.Done, result.ReceivedAt, time.GetUtcNow(), reason,
            result.ModelId, [.. result.Crops.Select(CropView.From)], result.Rejected) { Tenant = result.Tenant };
        return Finish(finished);
    }

    public bool Fail(IFrameMessage frame, string stage, string reason)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var receivedAt = _frames.TryGetValue(frame.FrameId, out var r) ? r.View.ReceivedAt : time.GetUtcNow();
        var failed = new FrameView(frame.FrameId, frame.CameraId, FrameState.Failed, receivedAt, time.GetUtcNow(),
            $"{stage}: {reason}", null, [], []) { Tenant = frame.Tenant };
        return Finish(failed);
    }

    private bool Finish(FrameView finished)
    {
        // A result for a frame this instance no longer (or never) held is kept too: ingest may have restarted.
        var record = _frames.GetOrAdd(finished.FrameId, id =>
        {
            var r = new FrameRecord(finished with { Status = FrameState.Queued }, null);
            r.Accepted.TrySetResult();
            _order.Enqueue(r);
            return r;
        });
        if (!record.TryFinish(finished))
        {
            return false;
        }

        broadcaster.Publish(finished);
        return true;
    }

    private void Trim()
    {
        var oldest = time.GetUtcNow() - _options.ResultRetention;
        while (_order.TryPeek(out var head) && (_frames.Count >= _options.MaxStoredFrames || head.View.ReceivedAt < oldest || !_frames.ContainsKey(head.FrameId)))
        {
            if (_order.TryDequeue(out var evicted))
            {
                Remove(evicted);
            }
        }
    }
}
