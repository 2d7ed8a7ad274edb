using System.Text.Json.Serialization;

namespace Siamese.Benchmarks;

/// <summary>One gallery size, dimension and search mode of the index benchmark.</summary>
public sealed record IndexRun(
    int Vectors,
    int Dimension,
    string Mode,
    double P50Ms,
    double P99Ms,
    [property: JsonPropertyName("recall_at_1")] double RecallAt1,
    [property: JsonPropertyName("recall_at_5")] double RecallAt5,
    double BuildS,
    double RestartS,
    double MemoryMb,
    int Subjects,
    double LoadS,
    double? PlainReadMs,
    double? P50OverPlainRead,
    int? ExpansionSearch,
    string? LoadAverageAtStart = null,
    double? PeakRssMb = null);
