namespace Siamese.Reliability;

/// <summary>Issue #13's acceptance lines, judged on the figures of the sections that ran.</summary>
public static class Acceptance
{
    public static IReadOnlyDictionary<string, bool> Judge(ReliabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        if (report.BadInputs is { } b)
        {
            lines["bad inputs: >= 2,000 tried, 0 crashes, 0 hangs, 0 server errors, 100% clean 4xx"] =
                b.Tried >= 2000 && b.Crashes == 0 && b.Hangs == 0 && b.ServerErrors == 0 && b.Clean4xx == b.Tried;
        }

        if (report.Kill9 is { } k)
        {
            lines["kill -9 during enrolment: 0 acknowledged enrolments lost"] = k.Rounds >= 5 && k.Acknowledged > 0 && k.Lost == 0;
        }

        if (report.BrokerKill is { } bk)
        {
            lines["broker kill: 0 frames lost or duplicated; every 503 with Retry-After"] =
                bk.Lost == 0 && bk.Duplicated == 0 && bk.Accepted == bk.Posted && bk.Rejected503 == bk.Rejected503WithRetryAfter;
            lines["broker kill: ingest not ready while the broker is down"] = bk.ReadinessFalseSeconds > 0;
        }

        if (report.SecondWriterRefused is { } refused)
        {
            lines["second writer on a used index folder refused"] = refused;
        }

        if (report.LargeImages is { } l)
        {
            lines["20 concurrent 2666x2666 images: < 1 GB above baseline, p99 <= 3 s"] = l.PeakMbAboveBaseline < 1024 && l.P99S <= 3;
        }

        if (report.CrossTenant is { } c)
        {
            lines["10,000 randomized cross-tenant operations: 0 leaks"] = c.Operations >= 10_000 && c.Leaks == 0;
        }

        if (report.Unauthenticated is { } u)
        {
            lines["every entry point rejects a missing or wrong key"] = u.Tried > 0 && u.Rejected == u.Tried;
        }

        return lines;
    }
}
