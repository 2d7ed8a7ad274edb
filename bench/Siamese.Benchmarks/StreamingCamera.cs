using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Siamese.Testing;

namespace Siamese.Benchmarks;

/// <summary>
/// A camera as the product serves one: it follows its results on ingest's stream (<c>GET /v1/cameras/{id}/results</c>,
/// server-sent events) and POSTs frames keeping at most <c>concurrency</c> unanswered. Latency is POST to the result
/// arriving on the stream. (Polling each frame every few milliseconds instead, 16 frames in flight made thousands of
/// status requests a second, which on two cores took the CPU the pipeline was being measured on.)
/// </summary>
internal sealed class StreamingCamera(HttpClient http, string? apiKey, string cameraId, int concurrency)
{
    public async Task<LoadResult> RunAsync(IReadOnlyList<(byte[] Image, string CameraId, string? Expected)> frames, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrived = new ConcurrentDictionary<Guid, (long At, FrameStatus Status)>();
        var window = new SemaphoreSlim(concurrency);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = ListenAsync(arrived, window, subscribed, stop.Token);
        await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);

        var client = new FrameClient(http, apiKey);
        var posted = new (Guid Id, long At)[frames.Count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < frames.Count)
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                var at = Stopwatch.GetTimestamp();
                posted[i] = (await client.PostAsync(frames[i].Image, cameraId, cancellationToken: cancellationToken).ConfigureAwait(false), at);
            }
        }, cancellationToken))).ConfigureAwait(false);

        // Every frame's result, or a minute without any.
        var seen = -1;
        while (arrived.Count < frames.Count)
        {
            if (arrived.Count == seen)
            {
                throw new TimeoutException($"{frames.Count - arrived.Count} of {frames.Count} results never arrived on the stream.");
            }

            seen = arrived.Count;
            for (var waited = 0; waited < 600 && arrived.Count < frames.Count; waited++)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started, arrived.Values.Max(a => a.At));
        await stop.CancelAsync().ConfigureAwait(false);
        await listener.ConfigureAwait(false);
        return new LoadResult(
            [.. frames.Select((f, i) => new FrameOutcome(i, f.Expected, arrived[posted[i].Id].Status, Stopwatch.GetElapsedTime(posted[i].At, arrived[posted[i].Id].At)))],
            elapsed);
    }

    private async Task ListenAsync(ConcurrentDictionary<Guid, (long, FrameStatus)> arrived, SemaphoreSlim window, TaskCompletionSource subscribed, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/cameras/{Uri.EscapeDataString(cameraId)}/results");
            if (apiKey is not null)
            {
                request.Headers.Add("X-Api-Key", apiKey);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken).ConfigureAwait(false))
            {
                if (item.EventType == "subscribed")
                {
                    subscribed.TrySetResult();
                    continue;
                }

                var body = JsonDocument.Parse(item.Data).RootElement.Clone();
                var id = body.GetProperty("frameId").GetGuid();
                var status = new FrameStatus(id, body.GetProperty("status").GetString()!,
                    body.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null, body);
                if (status.Finished && arrived.TryAdd(id, (Stopwatch.GetTimestamp(), status)))
                {
                    window.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            subscribed.TrySetException(ex);
            throw;
        }
    }
}
