using System.CommandLine;
using System.CommandLine.Invocation;

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

    /// <summary>
    /// Runs the verb. A usage error exits 2, as the verbs' own refusals do (<see cref="CommandRunner"/>): its message
    /// and where the verb's help is, not the message above the whole help text; without a known verb the root's help
    /// lists the verbs.
    /// </summary>
    public static int Run(string[] args)
    {
        var root = Build(args);
        var parsed = root.Parse(args);
        var verb = parsed.CommandResult.Command;
        if (parsed.Action is ParseErrorAction error && verb != root)
        {
            error.ShowHelp = false;
        }

        var exitCode = parsed.Invoke();
        if (parsed.Errors.Count == 0)
        {
            return exitCode;
        }

        if (verb != root)
        {
            Console.Error.WriteLine($"Its options: '{verb.Name} --help' (dotnet run --project trainer/Siamese.Trainer -c Release -- {verb.Name} --help), or trainer/README.md, Verbs.");
        }

        return 2;
    }
}
