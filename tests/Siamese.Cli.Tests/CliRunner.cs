namespace Siamese.Cli.Tests;

/// <summary>Runs the CLI in-process with standard output and error captured together (tests in <see cref="ConsoleCollection"/>: the console is process-wide).</summary>
internal static class CliRunner
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
