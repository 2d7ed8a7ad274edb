using System.Diagnostics.Metrics;

namespace Siamese.Ingest;

/// <summary>What a camera sees (meter <c>Siamese.Ingest</c>): the time from a frame's receipt to its result.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "Siamese.Ingest";

    private readonly Histogram<double> _latency;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _latency = meterFactory.Create(MeterName).CreateHistogram(
            "siamese.ingest.frame_latency", "ms", "From a frame's receipt by ingest to its identification result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
    }

    public void RecordIdentified(DateTimeOffset receivedAt, DateTimeOffset now) => _latency.Record(Math.Max(0, (now - receivedAt).TotalMilliseconds));
}
