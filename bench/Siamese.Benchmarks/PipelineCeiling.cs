using System.Diagnostics;
using MassTransit;

namespace Siamese.Benchmarks;

/// <summary>
/// The most messages per second MassTransit moves through this RabbitMQ: publish small messages (publisher confirms on,
/// as the pipeline runs) and consume them with an empty consumer, from first publish to last consume.
/// </summary>
internal static class PipelineCeiling
{
    public static async Task<double> MeasureAsync(Uri rabbitMq, int messages, CancellationToken cancellationToken)
    {
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
            await bus.Publish(new PipelinePing(-1), cancellationToken);
            while (Volatile.Read(ref consumed) < 1)
            {
                await Task.Delay(10, cancellationToken);
            }

            Interlocked.Exchange(ref consumed, 0);
            var clock = Stopwatch.StartNew();
            const int inFlight = 64;
            for (var start = 0; start < messages; start += inFlight)
            {
                await Task.WhenAll(Enumerable.Range(start, Math.Min(inFlight, messages - start))
                    .Select(i => bus.Publish(new PipelinePing(i), cancellationToken)));
            }

            await all.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            return messages / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
