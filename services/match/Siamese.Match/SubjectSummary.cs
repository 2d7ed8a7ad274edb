namespace Siamese.Match;

/// <summary>An enrolled subject: its examples and the wrong matches reported for it.</summary>
public sealed record SubjectSummary(string SubjectId, string DisplayName, int ExampleCount, int NegativeCount);
