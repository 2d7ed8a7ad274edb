namespace Siamese.Trainer.Reporting;

public sealed record IdentityCounts(int Train, int Validation, int Test);
