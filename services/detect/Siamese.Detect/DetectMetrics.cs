using System.Diagnostics.Metrics;

namespace Siamese.Detect;

/// <summary>Frames, crops per frame and detection time of the detect service (meter <c>Siamese.Detect</c>).</summary>
public sealed class DetectMetrics
{
    public const string MeterName = "Siamese.Detect";

    private readonly Counter<long> _frames;
    private readonly Histogram<int> _crops;
    private readonly Histogram<double> _duration;

    public DetectMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _frames = meter.CreateCounter<long>("siamese.detect.frames", "{frame}", "Frames detected, by outcome (ok, failed).");
        _crops = meter.CreateHistogram(
            "siamese.detect.crops", "{crop}", "Crops cut from one frame.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 4, 6, 8, 12, 16, 32, 64] });
        _duration = meter.CreateHistogram(
            "siamese.detect.duration", "ms", "Decode, detection and cropping of one frame.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500] });
    }

    public void RecordFrame(int crops, TimeSpan duration)
    {
        _frames.Add(1, new KeyValuePair<string, object?>("outcome", "ok"));
        _crops.Record(crops);
        _duration.Record(duration.TotalMilliseconds);
    }

    public void RecordFailure() => _frames.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
}
