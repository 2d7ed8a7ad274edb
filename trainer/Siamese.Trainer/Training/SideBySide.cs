using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// What a fit running beside others in one process (the face tower's threshold folds) uses in place of process-wide
/// state: random numbers of its own, seeded per epoch as libtorch's global generator would be, and a progress bar
/// that all of them share (<see cref="ProgressBar.SharedOnConsole"/>). Only for towers that draw no random numbers of
/// their own in training (no dropout): those would still take them from the global generator.
/// </summary>
public sealed record SideBySide(Generator Generator, ProgressBar Progress);
