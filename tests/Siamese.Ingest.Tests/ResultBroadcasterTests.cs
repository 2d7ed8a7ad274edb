namespace Siamese.Ingest.Tests;

/// <summary>The fan-out of finished frames to the dashboards streaming a camera.</summary>
public sealed class ResultBroadcasterTests
{
    [Fact]
    public void ACameraIsForgottenWhenItsLastDashboardLeaves()
    {
        var broadcaster = new ResultBroadcaster();
        var first = broadcaster.Subscribe("t1", "door");
        var second = broadcaster.Subscribe("t1", "door");
        foreach (var camera in Enumerable.Range(0, 100).Select(i => $"camera-{i}"))
        {
            broadcaster.Subscribe("t1", camera).Dispose();
        }

        // Before, each camera ever streamed kept an entry: any string a client streams piled up for the host's life.
        Assert.Equal(1, broadcaster.CamerasWatched);

        first.Dispose();
        broadcaster.Publish(Frame("t1", "door"));
        Assert.True(second.Reader.TryRead(out var frame));
        Assert.Equal("door", frame.CameraId);
        Assert.False(first.Reader.TryRead(out _));

        second.Dispose();
        second.Dispose();
        Assert.Equal(0, broadcaster.CamerasWatched);
    }

    [Fact]
    public void AFrameReachesOnlyItsOwnTenantsAndCamerasDashboards()
    {
        var broadcaster = new ResultBroadcaster();
        using var door = broadcaster.Subscribe("t1", "door");
        using var otherTenant = broadcaster.Subscribe("t2", "door");
        using var otherCamera = broadcaster.Subscribe("t1", "till");

        broadcaster.Publish(Frame("t1", "door"));

        Assert.True(door.Reader.TryRead(out _));
        Assert.False(otherTenant.Reader.TryRead(out _));
        Assert.False(otherCamera.Reader.TryRead(out _));
    }

    private static FrameView Frame(string tenant, string camera) =>
        new(Guid.NewGuid(), camera, FrameState.Done, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, [], []) { Tenant = tenant };
}
