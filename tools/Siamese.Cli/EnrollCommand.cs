using System.CommandLine;
using System.Diagnostics;
using Siamese.CommandLine;

namespace Siamese.Cli;

/// <summary><c>siamese enroll &lt;folder&gt;</c>: bulk enrolment of a folder-per-class dataset.</summary>
internal static class EnrollCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Folder per class: <folder>/<subject>/<images>. The sub-folder name becomes the subject id.",
        }.ExistingFolder();
        var perClass = new Option<int?>("--per-class", "-k") { Description = "Enrol only the first K images of each class (natural file order); all when omitted." };
        perClass.Validators.Add(r =>
        {
            if (r.TryGetValue<int?>(out var value) && value is <= 0)
            {
                r.AddError("--per-class must be a positive number.");
            }
        });
        var tenant = CliOptions.Tenant("Tenant to enrol into.");
        var parallel = CliOptions.Positive("--parallel", "Requests in flight at once.", 4);

        var command = new Command("enroll", "Enrol every class of a folder-per-class dataset, one example per image.")
        {
            folder, perClass, tenant, parallel,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(CliOptions.Server),
            CliOptions.ApiKeyOf(parse),
            parse.GetRequiredValue(folder),
            parse.GetValue(perClass),
            parse.GetValue(tenant) ?? "",
            parse.GetValue(parallel),
            ct));
        return command;
    }

    // A folder enrolled again (a run that stopped half-way, or a class that gained images) sends every image again; the
    // service keeps one example per picture, so say how many were already there rather than let "Enrolled" suggest copies.
    private static string Repeats(int enrolled, int added) =>
        added >= enrolled ? ""
        : added == 0 ? $" All {enrolled} were enrolled before: nothing was added."
        : $" {added} new; not added again, as already enrolled (or a byte-for-byte copy of another image of its class): {enrolled - added}.";

    private static async Task<int> RunAsync(Uri server, string? apiKey, DirectoryInfo folder, int? perClass, string tenant, int parallel, CancellationToken ct)
    {
        if (DatasetSelection.TryScan(folder) is not { } dataset)
        {
            return ExitCodes.BadInput;
        }

        var images = DatasetSelection.Split(dataset, perClass).First;
        var failures = new FailureLog();
        var stopwatch = Stopwatch.StartNew();
        using var connection = new MatcherConnection(server, apiKey);
        var (enrolled, added, subjects) = await BulkEnroller.EnrollAsync(connection, tenant, images, parallel, failures, ct);

        Console.WriteLine(
            $"Enrolled {enrolled} of {Counted.Of(images.Count, "image")} " +
            $"({Counted.Of(subjects.Count, "subject")}) into {CliOptions.TenantActedFor(tenant, apiKey)} at {server} in {stopwatch.Elapsed.TotalSeconds:F1} s." +
            Repeats(enrolled, added));
        failures.Print(Console.Out);
        return failures.Fatal is not null ? ExitCodes.ServiceUnavailable
            : failures.Count > 0 ? ExitCodes.SomeFailed
            : ExitCodes.Success;
    }
}
