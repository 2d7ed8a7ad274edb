using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The trainer's held-Scalar stand-ins compute what TorchSharp's own do, to the bit: the figures trained before them
/// stand. TorchSharp's are the reference here, so these lines are exempt from HeldScalarTests.
/// </summary>
public sealed class HeldEquivalenceTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, 0.0)]
    [InlineData(OptimizerKind.Adam, 0.01)]
    [InlineData(OptimizerKind.RmsProp, 0.0)]
    [InlineData(OptimizerKind.RmsProp, 0.01)]
    public void HeldOptimizersStepAsTorchSharps(OptimizerKind kind, double weightDecay)
    {
        using var held = Model(seed: 5);
        using var reference = Model(seed: 5);
        using OptimizerHelper heldOptimizer = kind == OptimizerKind.Adam
            ? new HeldAdam(held.parameters(), 0.01, weightDecay)
            : new HeldRmsProp(held.parameters(), 0.01, weightDecay);
        using OptimizerHelper referenceOptimizer = kind == OptimizerKind.Adam
            ? optim.Adam(reference.parameters(), 0.01, weight_decay: weightDecay) // held-scalars: reference
            : optim.RMSProp(reference.parameters(), 0.01, weight_decay: weightDecay); // held-scalars: reference

        Step(held, heldOptimizer, reference, referenceOptimizer);
    }

    // The branches the trainer does not use today (AMSGrad, maximize; RMSProp's momentum and centred average) are
    // TorchSharp's too, so a later option that turns one on trains as TorchSharp would.
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void HeldAdamsOtherBranchesStepAsTorchSharps(bool amsgrad, bool maximize)
    {
        using var held = Model(seed: 5);
        using var reference = Model(seed: 5);
        using var heldOptimizer = new HeldAdam(held.parameters(), 0.01, 0.01, amsgrad, maximize);
        using var referenceOptimizer = optim.Adam(reference.parameters(), 0.01, weight_decay: 0.01, amsgrad: amsgrad, maximize: maximize); // held-scalars: reference

        Step(held, heldOptimizer, reference, referenceOptimizer);
    }

    [Theory]
    [InlineData(0.9, false, false)]
    [InlineData(0.0, true, false)]
    [InlineData(0.9, true, true)]
    public void HeldRmsPropsOtherBranchesStepAsTorchSharps(double momentum, bool centered, bool maximize)
    {
        using var held = Model(seed: 5);
        using var reference = Model(seed: 5);
        using var heldOptimizer = new HeldRmsProp(held.parameters(), 0.01, 0.01, momentum, centered, maximize);
        using var referenceOptimizer = optim.RMSProp(reference.parameters(), 0.01, weight_decay: 0.01, momentum: momentum, centered: centered, maximize: maximize); // held-scalars: reference

        Step(held, heldOptimizer, reference, referenceOptimizer);
    }

    [Fact]
    public void HeldBatchNormNormalisesAndCountsAsTorchSharpsBatchNorm()
    {
        using var held = new HeldBatchNorm2d(3);
        using var reference = nn.BatchNorm2d(3); // held-scalars: reference
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        held.train();
        reference.train();
        for (var step = 0; step < 4; step++)
        {
            var input = randn([6, 3, 5, 4], generator: generator);
            Assert.True(held.call(input).Equals(reference.call(input)));
        }

        held.eval();
        reference.eval();
        var probe = randn([2, 3, 5, 4], generator: generator);
        Assert.True(held.call(probe).Equals(reference.call(probe)));
        var heldState = held.state_dict();
        var referenceState = reference.state_dict();
        Assert.Equal(referenceState.Keys.Order(), heldState.Keys.Order());
        Assert.All(referenceState, entry => Assert.True(entry.Value.Equals(heldState[entry.Key]), entry.Key));
        Assert.Equal(4, heldState["num_batches_tracked"].item<long>());
        Assert.Throws<ArgumentException>(() => held.call(randn(3, 5)));
    }

    private static Sequential Model(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(6, 5)), ("relu", nn.ReLU()), ("fc2", nn.Linear(5, 3)));
    }

    private static void Step(Sequential held, OptimizerHelper heldOptimizer, Sequential reference, OptimizerHelper referenceOptimizer)
    {
        var generator = new Generator(11);
        var start = held.parameters().Select(p => p.detach().clone()).ToList();
        for (var step = 0; step < 6; step++)
        {
            using var scope = NewDisposeScope();
            var input = randn([8, 6], generator: generator);
            var target = randn([8, 3], generator: generator);
            foreach (var (model, optimizer) in new[] { (held, heldOptimizer), (reference, referenceOptimizer) })
            {
                optimizer.zero_grad();
                (model.call(input) - target).Squared().mean().backward();
                optimizer.step();
            }

            var pairs = held.parameters().Zip(reference.parameters());
            Assert.All(pairs, pair => Assert.True(pair.First.Equals(pair.Second), $"step {step}"));
        }

        Assert.All(held.parameters().Zip(start), pair => Assert.False(pair.First.Equals(pair.Second)));
    }
}
