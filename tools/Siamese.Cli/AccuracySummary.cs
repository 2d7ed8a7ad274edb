namespace Siamese.Cli;

/// <summary>What <c>siamese accuracy</c> measured (also printed as JSON with <c>--json</c>).</summary>
internal sealed record AccuracySummary(
    string Server,
    string Tenant,
    int Classes,
    int EnrolledImages,
    int Queries,
    int Rank1Correct,
    int AcceptedCorrect,
    int AcceptedWrong,
    int Rejected,
    int FailedFiles,
    float Threshold,
    string ModelId,
    double LatencyP50Ms,
    double LatencyP95Ms)
{
    /// <summary>Nearest enrolled subject is the right one, whatever the threshold says.</summary>
    public double Rank1Accuracy => Queries == 0 ? 0 : (double)Rank1Correct / Queries;

    /// <summary>Named, and named right, at the service's threshold.</summary>
    public double DecisionAccuracy => Queries == 0 ? 0 : (double)AcceptedCorrect / Queries;
}
