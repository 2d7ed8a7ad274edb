using System.CommandLine;

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
        var exitCode = await parsed.InvokeAsync();

        // System.CommandLine answers a usage error with 1; here 1 means "some files failed".
        return parsed.Errors.Count > 0 ? ExitCodes.BadInput : exitCode;
    }
}
