namespace Siamese.Benchmarks;

/// <summary>One gallery size of the index benchmark.</summary>
public sealed record IndexRun(
    int Vectors,
    int Subjects,
    double LoadS,
    double P50Ms,
    double P99Ms,
    double RawP50Ms,
    double RawP99Ms,
    double SpeedupP50,
    double MemoryMb,
    double ManagedMb,
    double VectorBytesMb,
    string ResultsAgreeWithRaw);
