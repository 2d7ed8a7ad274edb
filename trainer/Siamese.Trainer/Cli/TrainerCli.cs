using System.CommandLine;

namespace Siamese.Trainer.Cli;

/// <summary>The verbs: train, evaluate (alias eval), export, generate, suite (documented in trainer/README.md).</summary>
public static class TrainerCli
{
    public static RootCommand Build(string[] args) =>
        new("Siamese trainer: train a twin-network tower, evaluate it one-shot on unseen identities, export ONNX.")
        {
            TrainCommand.Create(args),
            EvaluateCommand.Create(),
            ExportCommand.Create(),
            GenerateCommand.Create(),
            SuiteCommand.Create(args),
        };

    public static int Run(string[] args) => Build(args).Parse(args).Invoke();
}
