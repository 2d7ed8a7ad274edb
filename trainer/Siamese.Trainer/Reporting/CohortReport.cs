namespace Siamese.Trainer.Reporting;

/// <summary>
/// The face tower's cohort scaling, as its threshold folds judged it (<see cref="Towers.FaceCohort"/>): the pooled
/// held-out EER and one-shot accuracy of the folds at the chosen epoch without and with the scaling (each fold's own
/// training people the cohort), whether it was kept, and what the model then holds: <see cref="People"/> training
/// people's <see cref="Faces"/> embedded faces (0 and 0 where it was left out). Those embeddings are of the people
/// the model trained on, so a model that keeps the scaling carries them (<c>--cohort-people 0</c> never does).
/// </summary>
/// <param name="Nearest">The cohort people averaged over, after the nearest (<c>--cohort-people</c>).</param>
public sealed record CohortReport(int Nearest, bool Chosen, double FoldsEer, double FoldsEerScaled, double FoldsOneShot, double FoldsOneShotScaled, int People = 0, int Faces = 0);
