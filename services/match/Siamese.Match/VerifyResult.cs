namespace Siamese.Match;

/// <summary>The distance between two embeddings and whether it is within the threshold.</summary>
public sealed record VerifyResult(float Distance, bool Same, float Threshold);
