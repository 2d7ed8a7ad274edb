namespace Siamese.Match;

/// <summary>A page of subjects and the token of the next one (null on the last page).</summary>
public sealed record SubjectListing(IReadOnlyList<SubjectSummary> Subjects, string? NextPageToken);
