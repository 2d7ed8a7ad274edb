using System.Diagnostics.Metrics;

namespace Siamese.Messaging;

/// <summary>How long pipeline messages waited in their queues (meter <c>Siamese.Messaging</c>).</summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "Siamese.Messaging";

    private readonly Histogram<double> _queueWait;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _queueWait = meterFactory.Create(MeterName).CreateHistogram(
            "siamese.messaging.queue_wait", "ms", "Time from publish to the start of consumption, per message type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
    }

    /// <summary>Records the wait of one <paramref name="message"/> (clock skew between hosts never makes it negative).</summary>
    public void RecordQueueWait(string message, TimeSpan wait) =>
        _queueWait.Record(Math.Max(0, wait.TotalMilliseconds), new KeyValuePair<string, object?>("message", message));
}
