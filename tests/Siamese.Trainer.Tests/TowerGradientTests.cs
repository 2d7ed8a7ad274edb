using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// A training step's gradients depend on the batch and the weights only. The baseline tower trains its later
/// convolutions through an explicit patch matrix (BaselineTower.forward) because libtorch's CPU kernel did not give
/// that (with the kernel, the 32×32 baseline case fails on the first repeat); the conv tower's kernels did.
/// </summary>
public sealed class TowerGradientTests
{
    [Fact]
    public void TheBaselineTrainingPathComputesWhatTheExportedConvolutionsCompute()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var tower = TowerFactory.Create(new TowerOptions(TowerKind.Baseline, 32, 32, Dropout: 0));
        var input = randn(16, 1, 32, 32);

        tower.train();
        var trained = tower.call(input).detach();
        tower.eval();
        using var _ = no_grad();
        var exported = tower.call(input);

        Assert.True(trained.allclose(exported, rtol: 1e-4, atol: 1e-5), $"largest difference {(trained - exported).abs().max().item<float>()}");
    }

    [Theory]
    [InlineData(TowerKind.Baseline, 32, 32)]
    [InlineData(TowerKind.Baseline, 56, 46)]
    [InlineData(TowerKind.Conv, 32, 32)]
    [InlineData(TowerKind.Conv, 56, 46)]
    public void ItsGradientsAreFiniteAndTheSameOnEveryCallWithTheSameBatch(TowerKind kind, int height, int width)
    {
        // A full batch; 32×32 (characters) is the shape whose second convolution libtorch's kernel got wrong.
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var tower = TowerFactory.Create(new TowerOptions(kind, height, width, Dropout: 0));
        tower.train();
        var input = rand(128, 1, height, width);
        var direction = randn(128, tower.EmbeddingDimension);

        List<Tensor>? first = null;
        for (var call = 0; call < 12; call++)
        {
            tower.zero_grad();
            (tower.call(input) * direction).sum().backward();
            var gradients = tower.parameters().Select(p => p.grad!.clone()).ToList();
            Assert.All(gradients, g => Assert.True(g.isfinite().all().item<bool>(), "a gradient is not finite"));
            if (first is null)
            {
                first = gradients;
                continue;
            }

            for (var i = 0; i < gradients.Count; i++)
            {
                var difference = (gradients[i] - first[i]).abs().max().item<float>();
                Assert.True(difference <= 1e-6f * Math.Max(1f, first[i].abs().max().item<float>()), $"call {call}: parameter {i}'s gradient moved by {difference}");
            }
        }
    }
}
