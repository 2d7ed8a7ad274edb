namespace Siamese.Match;

/// <summary>A stored "not this person" report: the negative example's id, the subject's negative count, the probe's distance to the subject.</summary>
public sealed record WrongMatchResult(Guid NegativeId, int NegativeCount, float Distance);
