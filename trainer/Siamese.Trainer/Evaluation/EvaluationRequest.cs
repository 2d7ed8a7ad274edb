namespace Siamese.Trainer.Evaluation;

/// <summary>What <c>evaluate</c> is asked: a model, the folder it is scored on, and how.</summary>
/// <param name="Model">model.onnx, or a checkpoint (a run's folder, its checkpoints folder or checkpoints/last.json).</param>
/// <param name="Data">The folder of class sub-folders (null: a checkpoint's training data).</param>
public sealed record EvaluationRequest(string Model, string? Data)
{
    /// <summary>Every identity of the folder with two or more images, not only the model's recorded test identities.</summary>
    public bool AllIdentities { get; init; }

    /// <summary>One-shot ways (0: every identity scored).</summary>
    public int Ways { get; init; }

    public int Episodes { get; init; } = 5000;

    public int Seed { get; init; } = 42;

    /// <summary>The YuNet model for a face model's alignment (null: the shared models folder's).</summary>
    public string? DetectorModel { get; init; }

    /// <summary>
    /// A folder of enrolment images per class (e.g. one catalogue image per product), cut as the data's images: the
    /// scored identities are also identified against it, as <c>train --gallery</c> reports (enrolled_gallery).
    /// </summary>
    public string? Gallery { get; init; }
}
