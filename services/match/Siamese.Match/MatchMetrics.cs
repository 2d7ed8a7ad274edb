using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Siamese.Match;

/// <summary>
/// The recognition figures operators watch (meter <c>Siamese.Match</c>): decisions known/unknown, how near the
/// nearest subject was relative to the threshold, enrolments, and the examples each tenant's gallery holds.
/// </summary>
public sealed class MatchMetrics
{
    public const string MeterName = "Siamese.Match";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _nearest;
    private readonly Counter<long> _enrollments;
    private readonly ConcurrentDictionary<string, long> _examples = new(StringComparer.Ordinal);

    public MatchMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _decisions = meter.CreateCounter<long>("siamese.match.decisions", "{decision}", "Identified faces/items, by decision (known, unknown).");

        // Relative to the threshold in use, so one histogram reads the same across models: below 1 is known.
        _nearest = meter.CreateHistogram(
            "siamese.match.nearest_distance_ratio", "1", "Distance to the nearest enrolled subject divided by the decision threshold (1 = the boundary).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 5] });
        _enrollments = meter.CreateCounter<long>("siamese.match.enrollments", "{example}", "Examples enrolled.");
        meter.CreateObservableGauge(
            "siamese.match.index.vectors",
            () => _examples.Select(e => new Measurement<long>(e.Value, new KeyValuePair<string, object?>("tenant", e.Key))),
            "{example}",
            "Examples in each tenant's gallery (tenants this process has served or enrolled since it started).");
    }

    /// <summary>One identified face/item, <paramref name="known"/> or not (within the threshold and not refused by a wrong-match report).</summary>
    public void RecordDecision(bool known, float? nearest, float threshold)
    {
        _decisions.Add(1, new KeyValuePair<string, object?>("decision", known ? "known" : "unknown"));
        if (nearest is { } distance && threshold > 0)
        {
            _nearest.Record(distance / threshold);
        }
    }

    public void RecordEnrolled(int examples) => _enrollments.Add(examples);

    /// <summary>The tenant's gallery size as the index last reported it.</summary>
    public void SetExamples(string tenant, long examples) => _examples[tenant] = examples;
}
