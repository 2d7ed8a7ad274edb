using System.Text.Json.Serialization;
namespace Siamese.Reliability;

/// <summary>The figures of <c>bench/results/reliability.json</c>, in the shape issue #13 gives (snake_case on disk).</summary>
public sealed record ReliabilityReport
{
    public BadInputFigures? BadInputs { get; init; }

    public Kill9Figures? Kill9 { get; init; }

    public BrokerKillFigures? BrokerKill { get; init; }

    public bool? SecondWriterRefused { get; init; }

    /// <summary>What the second writer was told (it must name the folder).</summary>
    public string? SecondWriterMessage { get; init; }

    public LargeImageFigures? LargeImages { get; init; }

    public CrossTenantFigures? CrossTenant { get; init; }

    public UnauthenticatedFigures? Unauthenticated { get; init; }

    /// <summary>Whether every acceptance line of the issue holds for the sections that ran.</summary>
    public IReadOnlyDictionary<string, bool> Acceptance { get; init; } = new Dictionary<string, bool>();

    /// <summary>Sections that could not run here, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Skipped { get; init; } = new Dictionary<string, string>();
}

public sealed record BadInputFigures(
    int Tried, int Crashes, int Hangs, int ServerErrors, [property: JsonPropertyName("clean_4xx")] int Clean4xx, int Accepted, int NoAnswer,
    SortedDictionary<string, SortedDictionary<string, int>> ByEntryPoint, IReadOnlyList<string> Examples);

public sealed record Kill9Figures(int Rounds, int Acknowledged, int Lost, int AcknowledgedAfterRestart);

public sealed record BrokerKillFigures(
    int Posted, int Accepted, int Answered, int Lost, int Duplicated, int Rejected503, int Rejected503WithRetryAfter, int OtherRejections,
    double BrokerDownSeconds, double ReadinessFalseSeconds)
{
    /// <summary>What the other (not 202, not 503) answers and transport failures were, with counts.</summary>
    public IReadOnlyDictionary<string, int> OtherAnswers { get; init; } = new Dictionary<string, int>();
}

public sealed record LargeImageFigures(
    int Requests, int Succeeded, int Rejected, double BaselineMb, double PeakMb, double PeakMbAboveBaseline, double AfterMb, double P50S, double P99S,
    int Width, int Height, string Model)
{
    /// <summary>One such image alone, just before the burst (mean of one solid and one portrait): the same-run baseline for the times.</summary>
    public double SingleS { get; init; }

    /// <summary>p99 of the burst over <see cref="SingleS"/>: with every core busy, about requests × single / cores.</summary>
    public double P99OverSingle { get; init; }

    /// <summary>The machine's 1-minute load average when the burst started (the machine is shared).</summary>
    public double LoadAverage { get; init; }

    /// <summary>Of <see cref="Rejected"/>: answered "no face found" (the solid pictures have none: the right answer).</summary>
    public int NoFace { get; init; }

    /// <summary>Of <see cref="Rejected"/>: refused as too busy (RESOURCE_EXHAUSTED): work the host turned away.</summary>
    public int RefusedBusy { get; init; }
}

public sealed record CrossTenantFigures(int Operations, int Leaks, int RefusedAsOtherTenant, int Succeeded, int OtherErrors, int Tenants);

public sealed record UnauthenticatedFigures(int Tried, int Rejected, SortedDictionary<string, int> AcceptedByEntryPoint);
