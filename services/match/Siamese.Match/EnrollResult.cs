namespace Siamese.Match;

/// <summary>The stored examples and the subject's example count afterwards.</summary>
public sealed record EnrollResult(IReadOnlyList<Guid> ExampleIds, int ExampleCount);
