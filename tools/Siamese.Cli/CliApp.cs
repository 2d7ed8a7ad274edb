using System.CommandLine;
using System.CommandLine.Invocation;

namespace Siamese.Cli;

/// <summary>The verbs of the <c>siamese</c> command, and how a run maps to an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Siamese client: enrol a folder, identify an image, evaluate one-shot accuracy, calibrate a tenant's threshold (match service).")
        {
            CliOptions.Server,
            CliOptions.ApiKey,
            EnrollCommand.Create(),
            IdentifyCommand.Create(),
            AccuracyCommand.Create(),
            AccuracyCommand.CreateRenamed(),
            CalibrateCommand.Create(),
            AdminCommand.Create(),
        };

        var parsed = root.Parse(args);

        // A usage error of a verb (a folder that is not there, a bad tenant) is one line and a pointer to the verb's help,
        // not the error lost above its whole help text; without a known verb the root's help lists the verbs.
        var verb = parsed.CommandResult.Command;
        if (parsed.Action is ParseErrorAction error && verb != root)
        {
            error.ShowHelp = false;
        }

        var exitCode = await parsed.InvokeAsync();
        if (parsed.Errors.Count > 0 && verb != root)
        {
            await Console.Error.WriteLineAsync($"See 'siamese {string.Join(' ', Path(verb))} --help' for its arguments and options.");
        }

        // System.CommandLine answers a usage error with 1; here 1 means "some files failed".
        return parsed.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
    }

    // "admin tenants create": the verb's names from the root down, without the root's.
    private static IEnumerable<string> Path(Command verb) =>
        verb.Parents.OfType<Command>().Where(c => c is not RootCommand).SelectMany(Path).Append(verb.Name);
}
