namespace Siamese.Cli.Tests;

/// <summary>Runs the CLI in-process with standard output and error captured together (tests in <see cref="ConsoleCollection"/>: the console is process-wide).</summary>
internal static class CliRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            // The tests' commands take seconds. One still going after three minutes hangs: it fails its test, with the
            // command and what it had printed, instead of holding up the whole test run.
            return (await CliApp.RunAsync(args).WaitAsync(Timeout), capture.ToString());
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'siamese {string.Join(' ', args)}' did not finish within {Timeout.TotalMinutes:0} minutes. It had printed:\n{capture}");
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
