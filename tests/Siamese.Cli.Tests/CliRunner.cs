namespace Siamese.Cli.Tests;

/// <summary>Runs the CLI in-process with standard output and error captured together (tests in <see cref="ConsoleCollection"/>: the console is process-wide).</summary>
internal static class CliRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunWithinAsync(Timeout, args);

    /// <summary>As <see cref="RunAsync"/>, failing with a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunWithinAsync(TimeSpan timeout, params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var capture = new StringWriter();
        Console.SetOut(capture);
        Console.SetError(capture);
        try
        {
            // The tests' commands take seconds. One still going after the timeout (three minutes unless the test says) hangs:
            // it fails its test, with the command and what it had printed, instead of holding up the whole test run.
            return (await CliApp.RunAsync(args).WaitAsync(timeout), capture.ToString());
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'siamese {string.Join(' ', args)}' did not finish within {timeout.TotalSeconds:0} s. It had printed:\n{capture}");
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
