using Microsoft.Extensions.Options;
using Siamese.Contracts;

namespace Siamese.Ingest.Tests;

public sealed class FrameStoreTests
{
    [Fact]
    public void RedeliveredResultDoesNotReplaceTheFirst()
    {
        var store = NewStore(new IngestOptions());
        var (record, _) = store.Reserve("t", "cam", null);
        record.Accepted.SetResult();
        var first = Result(record.FrameId, "alice");

        Assert.True(store.Complete(first));
        Assert.False(store.Complete(Result(record.FrameId, "bob")));
        Assert.False(store.Fail(first, "match", "late fault"));

        Assert.Equal("alice", store.Find("t", record.FrameId)!.Crops[0].Subject);
    }

    [Fact]
    public void OldestFramesAreForgottenBeyondTheLimit()
    {
        var store = NewStore(new IngestOptions { MaxStoredFrames = 2 });
        var ids = Enumerable.Range(0, 3).Select(_ =>
        {
            var (r, _) = store.Reserve("t", "cam", null);
            r.Accepted.SetResult();
            return r.FrameId;
        }).ToList();

        Assert.Null(store.Find("t", ids[0]));
        Assert.NotNull(store.Find("t", ids[2]));
        Assert.True(store.Count <= 2);
    }

    [Fact]
    public void FramesOlderThanTheRetentionAreForgotten()
    {
        var clock = new ManualClock();
        var store = new FrameStore(Options.Create(new IngestOptions { ResultRetention = TimeSpan.FromMinutes(1) }), new ResultBroadcaster(), clock);
        var (old, _) = store.Reserve("t", "cam", "key");
        old.Accepted.SetResult();
        clock.Advance(TimeSpan.FromMinutes(2));

        var (fresh, created) = store.Reserve("t", "cam", "key");

        Assert.True(created);
        Assert.NotEqual(old.FrameId, fresh.FrameId);
        Assert.Null(store.Find("t", old.FrameId));
    }

    private static FrameStore NewStore(IngestOptions options) => new(Options.Create(options), new ResultBroadcaster(), TimeProvider.System);

    private static FrameIdentified Result(Guid id, string subject) =>
        new(id, "t", "cam", DateTimeOffset.UtcNow, "m:1", [new CropIdentity(0, new BoundingBox(0, 0, 1, 1), 1, subject, 0.1f, true)], []);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
