namespace Siamese.Index;

/// <summary>A page of subjects; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record SubjectPage(IReadOnlyList<SubjectInfo> Subjects, string? NextPageToken);
