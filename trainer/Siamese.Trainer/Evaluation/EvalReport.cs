namespace Siamese.Trainer.Evaluation;

/// <summary>What <c>eval</c> prints (and writes with --out): the model, the identities evaluated, the figures.</summary>
public sealed record EvalReport(string Model, string Data, IReadOnlyList<string> Identities, int Images, float Threshold, EvaluationResult Figures)
{
    /// <summary>The --gallery folder (null without one).</summary>
    public string? Gallery { get; init; }

    /// <summary>The gallery's images of scored identities, each enrolled (0 without a gallery).</summary>
    public int GalleryImages { get; init; }

    /// <summary>The scored identities identified against the gallery's images (null without a gallery).</summary>
    public OneShotResult? EnrolledGallery { get; init; }
}
