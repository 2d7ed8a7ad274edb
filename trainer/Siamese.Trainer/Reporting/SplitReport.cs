namespace Siamese.Trainer.Reporting;

/// <summary>The identity labels of each part of the split (the serving tests enrol exactly the test identities).</summary>
public sealed record SplitReport(IReadOnlyList<string> TrainIdentities, IReadOnlyList<string> ValidationIdentities, IReadOnlyList<string> TestIdentities);
