namespace Siamese.Match;

/// <summary>
/// The stored examples, the subject's example count afterwards, and how many of the examples were new (a picture
/// enrolled before replaces its example).
/// </summary>
public sealed record EnrollResult(IReadOnlyList<Guid> ExampleIds, int ExampleCount, int AddedCount);
