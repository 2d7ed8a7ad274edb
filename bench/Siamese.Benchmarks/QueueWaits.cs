using System.Globalization;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

namespace Siamese.Benchmarks;

/// <summary>
/// How long the run's messages waited in their queues, per message type, read the way an operator reads it: from
/// each host's Prometheus <c>/metrics</c> (<see cref="MessagingMetrics"/>' histogram), the difference between a
/// scrape before and one after the run. Percentiles are bucket-interpolated, as Prometheus' histogram_quantile does.
/// </summary>
internal sealed class QueueWaits
{
    private const string Series = "siamese_messaging_queue_wait";

    // message type → (le → cumulative count), plus sum and count.
    private readonly Dictionary<string, (SortedDictionary<double, double> Buckets, double Sum, double Count)> _series;

    private QueueWaits(Dictionary<string, (SortedDictionary<double, double>, double, double)> series) => _series = series;

    /// <summary>Scrapes every host in <paramref name="hosts"/> (HTTP base addresses) and adds their histograms up.</summary>
    public static async Task<QueueWaits> ScrapeAsync(IEnumerable<Uri> hosts, CancellationToken cancellationToken)
    {
        // The exporter caches a scrape briefly; a wait lets the last messages' records in.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var series = new Dictionary<string, (SortedDictionary<double, double>, double, double)>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            var text = await http.GetStringAsync(new Uri(host, DefaultEndpoints.MetricsPath), cancellationToken);
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith(Series, StringComparison.Ordinal) && Parse(line) is { } sample)
                {
                    Add(series, sample);
                }
            }
        }

        return new QueueWaits(series);
    }

    /// <summary>Per message type between <paramref name="before"/> and <paramref name="after"/>: messages, mean, p50, p95 (ms).</summary>
    public static IReadOnlyList<object> Between(QueueWaits before, QueueWaits after) =>
    [
        .. after._series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
        {
            var b = before._series.GetValueOrDefault(s.Key, (new SortedDictionary<double, double>(), 0, 0));
            var buckets = s.Value.Buckets.Select(kv => (Le: kv.Key, Count: kv.Value - b.Buckets.GetValueOrDefault(kv.Key))).ToList();
            var count = s.Value.Count - b.Count;
            return new
            {
                Message = s.Key,
                Messages = (long)count,
                MeanMs = count > 0 ? Math.Round((s.Value.Sum - b.Sum) / count, 1) : 0,
                P50Ms = Math.Round(Quantile(buckets, count, 0.50), 1),
                P95Ms = Math.Round(Quantile(buckets, count, 0.95), 1),
            };
        }).Where(w => w.Messages > 0),
    ];

    private static double Quantile(List<(double Le, double Count)> buckets, double count, double q)
    {
        if (count <= 0)
        {
            return 0;
        }

        var rank = q * count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (le, cumulative) in buckets)
        {
            if (cumulative >= rank)
            {
                // Past the last finite bound the bound is all that is known.
                return double.IsPositiveInfinity(le) ? lower : lower + ((le - lower) * (rank - below) / Math.Max(1e-9, cumulative - below));
            }

            (lower, below) = (le, cumulative);
        }

        return lower;
    }

    private static (string Message, string Kind, double? Le, double Value)? Parse(string line)
    {
        // siamese_messaging_queue_wait_milliseconds_bucket{message="CropsDetected",otel_scope_name="...",le="5"} 12 1700000000
        var open = line.IndexOf('{', StringComparison.Ordinal);
        var close = line.LastIndexOf('}');
        if (open < 0 || close < open)
        {
            return null;
        }

        var name = line[..open];
        var kind = name.EndsWith("_bucket", StringComparison.Ordinal) ? "bucket"
            : name.EndsWith("_sum", StringComparison.Ordinal) ? "sum"
            : name.EndsWith("_count", StringComparison.Ordinal) ? "count" : null;
        var labels = Labels(line[(open + 1)..close]);
        var value = line[(close + 1)..].Trim().Split(' ')[0];
        if (kind is null || !labels.TryGetValue("message", out var message)
            || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return null;
        }

        double? le = labels.TryGetValue("le", out var l)
            ? l == "+Inf" ? double.PositiveInfinity : double.Parse(l, CultureInfo.InvariantCulture)
            : null;
        return (message, kind, le, v);
    }

    private static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Split("\",", StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                labels[pair[..eq].Trim()] = pair[(eq + 1)..].Trim('"');
            }
        }

        return labels;
    }

    private static void Add(Dictionary<string, (SortedDictionary<double, double> Buckets, double Sum, double Count)> series,
        (string Message, string Kind, double? Le, double Value) sample)
    {
        if (!series.TryGetValue(sample.Message, out var s))
        {
            s = (new SortedDictionary<double, double>(), 0, 0);
        }

        switch (sample.Kind)
        {
            case "bucket" when sample.Le is { } le:
                s.Buckets[le] = s.Buckets.GetValueOrDefault(le) + sample.Value;
                break;
            case "sum":
                s.Sum += sample.Value;
                break;
            case "count":
                s.Count += sample.Value;
                break;
        }

        series[sample.Message] = s;
    }
}
