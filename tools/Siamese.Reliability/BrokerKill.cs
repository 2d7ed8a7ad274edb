using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Siamese.Testing;

namespace Siamese.Reliability;

/// <summary>
/// A camera posts frames at a steady rate through the four-host pipeline while the suite's own RabbitMQ node is killed
/// (SIGKILL) and, ~20 s later, started again on its data. The camera does what a camera should: a 503 is retried after its
/// Retry-After with the same Idempotency-Key. Every frame ingest accepted (202) must be answered, none twice.
/// </summary>
public sealed class BrokerKill(RabbitNode node, PipelineProcesses pipeline, string tenantKey)
{
    private const string Camera = "rel-broker";

    private readonly ConcurrentDictionary<Guid, int> _events = new();
    private readonly ConcurrentDictionary<int, ConcurrentBag<Guid>> _framesByKey = new();
    private int _rejected503;
    private int _withRetryAfter;
    private int _otherRejections;
    private readonly ConcurrentDictionary<string, int> _otherStatuses = new(StringComparer.Ordinal);
    private double _notReadySeconds;

    public async Task<BrokerKillFigures> RunAsync(int frames, double framesPerSecond, TimeSpan killAt, TimeSpan downFor, IProgress<string> progress)
    {
        using var http = new HttpClient { BaseAddress = pipeline.Ingest, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", tenantKey);
        using var stop = new CancellationTokenSource();
        var stream = Task.Run(() => ListenAsync(stop.Token));
        var readiness = Task.Run(() => WatchReadinessAsync(stop.Token));
        var image = FaceScene.Create(new Siamese.Imaging.GrayImage(23, 28, new float[23 * 28]), 1, 96, 96).Png;

        var clock = Stopwatch.StartNew();
        var chaos = Task.Run(async () =>
        {
            await Task.Delay(killAt);
            node.Kill();
            var down = Stopwatch.StartNew();
            progress.Report($"broker killed at {clock.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(downFor);
            await node.StartAgainAsync(TimeSpan.FromMinutes(3));
            progress.Report($"broker back at {clock.Elapsed.TotalSeconds:0.0} s (down {down.Elapsed.TotalSeconds:0.0} s)");
            return down.Elapsed.TotalSeconds;
        });

        var accepted = new ConcurrentDictionary<int, Guid>();
        await Parallel.ForEachAsync(Enumerable.Range(0, frames), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var due = TimeSpan.FromSeconds(i / framesPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }

            if (await PostUntilAcceptedAsync(http, image, i) is { } id)
            {
                accepted[i] = id;
            }
        });
        var downSeconds = await chaos;
        progress.Report($"posted {frames} frames, {accepted.Count} accepted; waiting for their results");

        var answered = await WaitForAnswersAsync(http, accepted.Values, TimeSpan.FromMinutes(4));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(stream, readiness);
        var duplicated = _events.Count(e => e.Value > 1) + _framesByKey.Count(k => k.Value.Distinct().Count() > 1);
        return new BrokerKillFigures(frames, accepted.Count, answered, accepted.Count - answered, duplicated, _rejected503, _withRetryAfter,
            _otherRejections, Math.Round(downSeconds, 1), Math.Round(_notReadySeconds, 1))
        {
            OtherAnswers = new SortedDictionary<string, int>(_otherStatuses, StringComparer.Ordinal),
        };
    }

    /// <summary>Posts frame <paramref name="index"/>, retrying 503s as told by Retry-After, for up to three minutes.</summary>
    private async Task<Guid?> PostUntilAcceptedAsync(HttpClient http, byte[] image, int index)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/frames?cameraId={Camera}") { Content = new ByteArrayContent(image) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            request.Headers.Add("Idempotency-Key", $"frame-{index}");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException ex)
            {
                _otherStatuses.AddOrUpdate($"no answer: {ex.Message}", 1, (_, n) => n + 1);
                await Task.Delay(1000);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    var id = body.RootElement.GetProperty("frameId").GetGuid();
                    _framesByKey.GetOrAdd(index, _ => []).Add(id);
                    return id;
                }

                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _otherRejections);
                    var problem = await response.Content.ReadAsStringAsync();
                    _otherStatuses.AddOrUpdate($"{(int)response.StatusCode} {(problem.Length > 160 ? problem[..160] : problem)}", 1, (_, n) => n + 1);
                    return null;
                }

                Interlocked.Increment(ref _rejected503);
                var wait = response.Headers.RetryAfter?.Delta;
                if (wait is not null)
                {
                    Interlocked.Increment(ref _withRetryAfter);
                }

                await Task.Delay(wait ?? TimeSpan.FromSeconds(1));
            }
        }

        return null;
    }

    private async Task<int> WaitForAnswersAsync(HttpClient http, ICollection<Guid> accepted, TimeSpan timeout)
    {
        var pending = new HashSet<Guid>(accepted);
        var clock = Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < timeout)
        {
            foreach (var id in pending.ToList())
            {
                using var response = await http.GetAsync($"/v1/frames/{id}");
                if (response.IsSuccessStatusCode)
                {
                    var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
                    if (status is "Done" or "Failed")
                    {
                        pending.Remove(id);
                    }
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(1000);
            }
        }

        return accepted.Count - pending.Count;
    }

    /// <summary>Counts the "frame" events of the camera's result stream per frame id (a second event for one frame is a duplicate).</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var http = new HttpClient { BaseAddress = pipeline.Ingest, Timeout = Timeout.InfiniteTimeSpan };
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/cameras/{Camera}/results");
                request.Headers.Add("X-Api-Key", tenantKey);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("id:", StringComparison.Ordinal) && Guid.TryParse(line[3..].Trim(), out var id))
                    {
                        _events.AddOrUpdate(id, 1, (_, n) => n + 1);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private async Task WatchReadinessAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = pipeline.Ingest, Timeout = TimeSpan.FromSeconds(2) };
        var interval = TimeSpan.FromMilliseconds(250);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    _notReadySeconds += interval.TotalSeconds;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                _notReadySeconds += interval.TotalSeconds;
            }

            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
