using System.Diagnostics;
using MassTransit;

namespace Siamese.Benchmarks;

/// <summary>
/// The most messages per second MassTransit moves through this RabbitMQ, and what one hop costs in CPU: publish messages
/// (publisher confirms on, as the pipeline runs) and consume them with an empty consumer in this process, from first
/// publish to last consume; the broker's CPU and this process's (publish and consume both) per message.
/// </summary>
internal static class PipelineCeiling
{
    public sealed record Result(int PayloadBytes, int Messages, double MsgsPerS, double BrokerCpuMsPerMsg, double ClientCpuMsPerMsg);

    public static async Task<Result> MeasureAsync(Uri rabbitMq, int messages, int payloadBytes, CancellationToken cancellationToken)
    {
        var payload = payloadBytes > 0 ? new byte[payloadBytes] : null;
        if (payload is not null)
        {
            new Random(1).NextBytes(payload);
        }

        var consumed = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbitMq, h => h.PublisherConfirmation = true);
            cfg.ReceiveEndpoint("siamese-bench-ceiling", e =>
            {
                e.PrefetchCount = 256;
                e.Handler<PipelinePing>(_ =>
                {
                    if (Interlocked.Increment(ref consumed) == messages)
                    {
                        all.TrySetResult();
                    }

                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(cancellationToken);
        try
        {
            await bus.Publish(new PipelinePing(-1, payload), cancellationToken);
            while (Volatile.Read(ref consumed) < 1)
            {
                await Task.Delay(10, cancellationToken);
            }

            Interlocked.Exchange(ref consumed, 0);
            var cpuBefore = CpuSnapshot.Take();
            var clock = Stopwatch.StartNew();
            const int inFlight = 64;
            for (var start = 0; start < messages; start += inFlight)
            {
                await Task.WhenAll(Enumerable.Range(start, Math.Min(inFlight, messages - start))
                    .Select(i => bus.Publish(new PipelinePing(i, payload), cancellationToken)));
            }

            await all.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            var elapsed = clock.Elapsed;
            var cpu = CpuSnapshot.PerFrame(cpuBefore, CpuSnapshot.Take(), messages);
            var broker = cpu.Where(c => c.Key.StartsWith("rabbitmq", StringComparison.Ordinal)).Sum(c => c.Value);
            return new Result(payloadBytes, messages, Math.Round(messages / elapsed.TotalSeconds, 0), Math.Round(broker, 3), Math.Round(cpu["benchmark"], 3));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
