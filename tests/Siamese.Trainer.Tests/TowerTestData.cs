using Siamese.Model;
using Siamese.Trainer.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>Towers whose weights and BatchNorm statistics have moved away from their initial values.</summary>
internal static class TowerTestData
{
    public const int Height = 56;
    public const int Width = 46;

    public static Tower TrainedTower(TowerKind kind, int seed = 7, int steps = 4, bool mirror = false, int members = 1, int servedShift = 0)
    {
        manual_seed(seed);
        var tower = TowerFactory.Create(new TowerOptions(kind, Height, Width, Mirror: mirror, Members: members, ServedShift: servedShift));
        if (tower is PatchTower patch)
        {
            // Closed form: random images of 8 labels, off-centre like the conv towers' inputs.
            using var images = randn(64, 1, Height, Width).Times(2f).Plus(0.5);
            PatchFit.Fit(patch, images, [.. Enumerable.Range(0, 64).Select(i => i % 8)]);
            tower.eval();
            return tower;
        }

        if (tower is FaceTower face)
        {
            // The face tower starts from the same closed-form fit; the steps below then move its maps.
            using var images = randn(64, 1, Height, Width).Times(2f).Plus(0.5);
            PatchFit.Fit(face.Whitening, images, [.. Enumerable.Range(0, 64).Select(i => i % 8)]);
        }

        using var optimizer = new PlainSgd(tower.parameters(), 0.05);
        tower.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            // Off-centre inputs so the running mean and variance end far from 0 and 1.
            var input = randn(16, 1, Height, Width).Times(2f).Plus(0.5);
            var target = randn(16, tower.EmbeddingDimension);
            (tower.call(input) - target).Squared().mean().backward();
            // As the trainer does: a step with libtorch's occasional non-finite gradients (seen on the baseline tower,
            // from finite inputs and weights) is skipped, or the exported weights would be NaN.
            if (Training.Trainer.FiniteGradients(tower))
            {
                optimizer.step();
            }
        }

        tower.eval();
        return tower;
    }

    public static ModelMetadata MetadataFor(Tower tower) => new()
    {
        Name = $"test-{tower.Options.Kind}".ToLowerInvariant(),
        Version = "2024.1.0+abc",
        InputHeight = tower.Options.InputHeight,
        InputWidth = tower.Options.InputWidth,
        PixelMean = 0.4f,
        PixelStd = 0.2f,
        EmbeddingDimension = tower.EmbeddingDimension,
        Threshold = 0.8125f,
        ThresholdFalseAcceptRate = 0.001,
        TrainingData = """{"dataset":"orl_faces","identités":40,"images":400}""",
        Evaluation = """{"accuracy":0.95}""",
    };

    public static float[] RandomBatch(int count, int seed)
    {
        manual_seed(seed);
        using var batch = randn(count, 1, Height, Width);
        return batch.data<float>().ToArray();
    }

    public static float[] Embed(Tower tower, float[] batch, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return tower.call(tensor(batch, [count, 1, Height, Width])).data<float>().ToArray();
    }
}
