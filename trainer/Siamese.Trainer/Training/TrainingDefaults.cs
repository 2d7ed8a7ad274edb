namespace Siamese.Trainer.Training;

/// <summary>Split sizes when the command line names none, and what --quick changes.</summary>
public static class TrainingDefaults
{
    /// <summary>
    /// 10 test identities (ORL's customary 30/10), or a third when there are fewer than 30, but at least two (one-shot
    /// episodes need two classes to choose between).
    /// </summary>
    public static int TestIdentities(int identities) => Math.Min(10, Math.Max(2, identities / 3));

    /// <summary>
    /// Conv, baseline and backbone towers: a sixth of the non-test identities (30 non-test ORL identities → 25 train + 5
    /// validation), but never exactly one: one identity gives no impostor pair to calibrate the threshold on (a run on
    /// 4–12 classes used to fail there). Two where that leaves at least four to train on, otherwise none: the threshold
    /// is then calibrated on the training identities, and the run warns that it is optimistic. The patch and face
    /// towers: none — their threshold is cross-validated over the training identities (<see cref="PatchTraining"/>,
    /// <see cref="FaceTraining"/>), so every non-test identity trains them (ORL: 30 train / 10 test).
    /// </summary>
    public static int ValidationIdentities(int nonTest, Towers.TowerKind tower = Towers.TowerKind.Conv)
    {
        if (tower is Towers.TowerKind.Patch or Towers.TowerKind.Face)
        {
            return 0;
        }

        var sixth = (int)Math.Round(nonTest / 6.0);
        return sixth >= 2 ? sixth : nonTest - 2 >= 4 ? 2 : 0;
    }

    /// <summary>
    /// A small run for tests and CI smoke (seconds): small generated data, short epochs, every output file. With
    /// --synthetic it still gives a usable model (seed 7: 8-way one-shot 99%, gallery-first 100%) for the service tests.
    /// </summary>
    public static TrainOptions Quick(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            // --quick fixes its own small budget.
            Adaptive = options.Adaptive & ~AdaptiveSettings.Budget,
            SyntheticClasses = Math.Min(options.SyntheticClasses, 24),
            SyntheticPerClass = Math.Min(options.SyntheticPerClass, 8),
            Epochs = Math.Min(options.Epochs, 10),
            PairsPerEpoch = Math.Min(options.PairsPerEpoch, 768),
            Episodes = Math.Min(options.Episodes, 1000),
        };
    }
}
