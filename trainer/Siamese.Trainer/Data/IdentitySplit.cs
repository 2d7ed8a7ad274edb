namespace Siamese.Trainer.Data;

/// <summary>Which identities (class labels) train, validate and test. No identity is in two lists.</summary>
public sealed record IdentitySplit(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> Test);
