namespace Siamese.Trainer.Evaluation;

/// <summary>What <c>eval</c> prints (and writes with --out): the model, the identities evaluated, the figures.</summary>
public sealed record EvalReport(string Model, string Data, IReadOnlyList<string> Identities, int Images, float Threshold, EvaluationResult Figures);
