namespace Siamese.Cli.Tests;

/// <summary>Runs the CLI in-process with stdout and stderr captured together (tests in <see cref="ConsoleCollection"/>).</summary>
internal static class ConsoleRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            var exitCode = await CliApp.RunAsync(args);
            return (exitCode, capture.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
