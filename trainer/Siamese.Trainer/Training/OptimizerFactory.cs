using Siamese.Trainer.Towers;
using TorchSharp;
using TorchSharp.Modules;

namespace Siamese.Trainer.Training;

public static class OptimizerFactory
{
    public static OptimizerHelper Create(OptimizerKind kind, Tower tower, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(tower);
        return kind switch
        {
            OptimizerKind.Adam => new HeldAdam(tower.parameters(), learningRate, weightDecay),
            OptimizerKind.RmsProp => new HeldRmsProp(tower.parameters(), learningRate, weightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown optimizer '{kind}'."),
        };
    }

    public static void SetLearningRate(torch.optim.Optimizer optimizer, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
