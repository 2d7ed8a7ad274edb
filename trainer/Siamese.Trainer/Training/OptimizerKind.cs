namespace Siamese.Trainer.Training;

public enum OptimizerKind
{
    Adam,
    RmsProp,
}
