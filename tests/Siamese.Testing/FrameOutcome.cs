namespace Siamese.Testing;

/// <summary>A posted frame: what was expected, what came back, and how long from POST to result.</summary>
public sealed record FrameOutcome(int Index, string? Expected, FrameStatus Status, TimeSpan Latency);
