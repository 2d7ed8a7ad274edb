using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

/// <summary>Runs the trainer's command line in-process and keeps what it wrote to standard error (the assembly's tests run one at a time).</summary>
internal static class CliCapture
{
    public static (int ExitCode, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            return (TrainerCli.Run(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
