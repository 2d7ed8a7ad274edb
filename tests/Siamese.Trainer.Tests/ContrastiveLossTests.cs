using Siamese.Trainer.Training;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

public sealed class ContrastiveLossTests
{
    [Fact]
    public void LossMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // genuine at 0.5 → 0.25; impostor at 0.2 with margin 1 → 0.8² = 0.64; impostor beyond the margin → 0.
        var loss = ContrastiveLoss.Compute(tensor(new[] { 0.5f, 0.2f, 1.5f }), tensor(new[] { 1f, 0f, 0f }), margin: 1.0);

        Assert.Equal(0.89f / 3, loss.item<float>(), 1e-6f);
    }

    [Fact]
    public void TheMarginDecidesHowFarImpostorsArePushed()
    {
        using var scope = NewDisposeScope();
        var loss = ContrastiveLoss.Compute(tensor(new[] { 1.5f }), tensor(new[] { 0f }), margin: 2.0);

        Assert.Equal(0.25f, loss.item<float>(), 1e-6f);
    }

    [Fact]
    public void DistanceIsEuclideanPerRow()
    {
        using var scope = NewDisposeScope();
        var d = ContrastiveLoss.Distance(tensor(new[] { 0f, 0f, 1f, 1f }, [2, 2]), tensor(new[] { 3f, 4f, 1f, 1f }, [2, 2])).data<float>().ToArray();

        Assert.Equal(5f, d[0], 1e-5f);
        Assert.Equal(0f, d[1], 1e-5f);
    }

    [Fact]
    public void IdenticalVectorsStillGiveAFiniteGradient()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2f }, [1, 2]).requires_grad_();
        var loss = ContrastiveLoss.Compute(ContrastiveLoss.Distance(a, tensor(new[] { 1f, 2f }, [1, 2])), tensor(new[] { 0f }), 1.0);
        loss.backward();

        Assert.All(a.grad!.data<float>().ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void AllPairsLossWeighsTheMeanGenuineAndMeanImpostorTermsEqually()
    {
        using var scope = NewDisposeScope();
        // Points 0, 1, 3 on a line; the first two are one identity. Genuine (0,1): d = 1 → 1.
        // Impostors with margin 2.5: (0,3) d = 3 → 0; (1,3) d = 2 → 0.25; mean 0.125. (1 + 0.125) / 2.
        var loss = ContrastiveLoss.AllPairs(tensor(new[] { 0f, 1f, 3f }, [3, 1]), tensor(new long[] { 0, 0, 1 }), margin: 2.5);

        Assert.Equal(0.5625f, loss.item<float>(), 1e-5f);
    }

    [Fact]
    public void SupervisedContrastiveLossMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // Unit rows a = (1,0), b = (0,1), c = (1,0); a and b are one identity, τ = 1, s = cosine.
        // Anchor a: positive b (s 0), others b, c (s 0, 1): −log(e⁰ / (e⁰ + e¹)) = log(1 + e) = 1.313262.
        // Anchor b: positive a (s 0), others a, c (s 0, 0): log 2 = 0.693147. Anchor c has no positive: left out.
        var loss = ContrastiveLoss.SupervisedContrastive(
            tensor(new[] { 1f, 0f, 0f, 1f, 1f, 0f }, [3, 2]), tensor(new long[] { 0, 0, 1 }), temperature: 1);

        Assert.Equal(1.003204f, loss.item<float>(), 1e-5f);
    }

    [Fact]
    public void MultiSimilarityLossMatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // Same rows; s(a,b) = 0, s(a,c) = 1, s(b,c) = 0. Every pair survives the mining except c's (it has no positive).
        // Anchor a: ½·log(1 + e^(−2(0 − ½))) + (1/50)·log(1 + e^(50(1 − ½))) = 0.656631 + 0.5.
        // Anchor b: 0.656631 + (1/50)·log(1 + e^(50(0 − ½))) ≈ 0.656631. Anchor c: 0. Mean: 0.604421.
        var loss = ContrastiveLoss.MultiSimilarity(tensor(new[] { 1f, 0f, 0f, 1f, 1f, 0f }, [3, 2]), tensor(new long[] { 0, 0, 1 }));

        Assert.Equal(0.604421f, loss.item<float>(), 1e-5f);
    }

    [Fact]
    public void MultiSimilarityIgnoresPairsTheMiningDropsAndIsLowerWhenIdentitiesAreApart()
    {
        using var scope = NewDisposeScope();
        long[] identities = [0, 0, 1, 1];
        var apart = ContrastiveLoss.MultiSimilarity(tensor(new[] { 1f, 0f, 1f, 0f, 0f, 1f, 0f, 1f }, [4, 2]), tensor(identities));
        var mixed = ContrastiveLoss.MultiSimilarity(tensor(new[] { 1f, 0f, 0f, 1f, 1f, 0f, 0f, 1f }, [4, 2]), tensor(identities));

        Assert.True(apart.item<float>() < mixed.item<float>(), $"apart {apart.item<float>()} vs mixed {mixed.item<float>()}");
    }

    [Fact]
    public void BalancedValidationLossWeighsGenuineAndImpostorPairsEqually()
    {
        // genuine mean d² = (0.01 + 0.09) / 2 = 0.05; impostor mean = 0.25; balanced = 0.15.
        Assert.Equal(0.15, ContrastiveLoss.Balanced([0.1f, 0.3f], [0.5f], 1.0), 6);
    }
}
