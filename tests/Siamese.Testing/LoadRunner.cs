using System.Diagnostics;

namespace Siamese.Testing;

/// <summary>
/// Posts frames with bounded concurrency (and optionally a target rate), then follows each to its result by
/// polling; latency is POST to finished result as the camera sees it.
/// </summary>
public sealed class LoadRunner(FrameClient client, int concurrency = 8, double framesPerSecond = 0, TimeSpan? pollInterval = null)
{
    private readonly TimeSpan _poll = pollInterval ?? TimeSpan.FromMilliseconds(10);

    public async Task<LoadResult> RunAsync(IReadOnlyList<(byte[] Image, string CameraId, string? Expected)> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var outcomes = new FrameOutcome[frames.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Max(1, concurrency)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < frames.Count)
            {
                if (framesPerSecond > 0)
                {
                    var due = TimeSpan.FromSeconds(i / framesPerSecond) - Stopwatch.GetElapsedTime(started);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                    }
                }

                var (image, camera, expected) = frames[i];
                var t0 = Stopwatch.GetTimestamp();
                var id = await client.PostAsync(image, camera, cancellationToken: cancellationToken).ConfigureAwait(false);
                var status = await client.WaitAsync(id, _poll, cancellationToken).ConfigureAwait(false);
                outcomes[i] = new FrameOutcome(i, expected, status, Stopwatch.GetElapsedTime(t0));
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return new LoadResult(outcomes, Stopwatch.GetElapsedTime(started));
    }
}
