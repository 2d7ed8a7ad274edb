using Siamese.Trainer.Training;

namespace Siamese.Trainer.Suite;

/// <summary>
/// One dataset of the benchmark suite: where its images are, how it is split and scored, and which towers run on it
/// with which seeds. Towers and trainer options are named as on the command line, so a tower or option this trainer
/// does not have yet is reported as skipped (with the reason) and runs once it is built in.
/// </summary>
/// <param name="Name">The name in the results file (orl, yalefaces, omniglot_small, grocery_produce, synthetic).</param>
/// <param name="Folder">The image folder under the datasets root; null = generated data (--synthetic).</param>
/// <param name="Ways">N of the N-way one-shot test on unseen classes.</param>
/// <param name="Align">How images are cut: decides the default tower, as for a user's run.</param>
/// <param name="Arguments">Further train options (split, alignment, gallery).</param>
/// <param name="Towers">Each tower and its seeds; the default tower is always among them.</param>
/// <param name="GalleryFolder">Enrolment images under the datasets root (--gallery): adds the "iconic" task.</param>
public sealed record SuiteEntry(
    string Name,
    string? Folder,
    int Ways,
    AlignMode Align,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<SuiteTowerPlan> Towers,
    string? GalleryFolder = null);

/// <summary>A tower (by its --tower name) and the seeds it runs with.</summary>
public sealed record SuiteTowerPlan(string Tower, IReadOnlyList<int> Seeds);
