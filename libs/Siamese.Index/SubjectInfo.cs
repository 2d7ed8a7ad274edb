namespace Siamese.Index;

/// <summary>A subject of a tenant and how many examples it holds.</summary>
public sealed record SubjectInfo(string SubjectId, string DisplayName, int ExampleCount);
