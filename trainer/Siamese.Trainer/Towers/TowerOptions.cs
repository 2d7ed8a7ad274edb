namespace Siamese.Trainer.Towers;

/// <summary>
/// Shape of a tower. EmbeddingDimension 0 means the architecture's own default (Baseline 50, Default: its flattened descriptor grid, 768 at 56×46);
/// a negative Dropout means the architecture's own rates, otherwise every dropout layer uses that rate.
/// </summary>
/// <param name="Mirror">Conv tower only: the embedding is of g(x) + g(mirror(x)) (<see cref="MirrorSum"/>).</param>
public sealed record TowerOptions(TowerKind Kind, int InputHeight, int InputWidth, int EmbeddingDimension = 0, double Dropout = -1, bool Mirror = false);
