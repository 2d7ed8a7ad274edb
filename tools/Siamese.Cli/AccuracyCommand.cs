using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>
/// <c>siamese accuracy &lt;folder&gt;</c>: one-shot accuracy measured through the running service (the trainer's
/// <c>evaluate</c> scores a model file offline instead). Enrols the first K
/// images of each class, identifies every other image, reports accuracy and latency.
/// </summary>
internal static class AccuracyCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder per class: <folder>/<class>/<images>." }.ExistingFolder();
        var perClass = CliOptions.Positive("--per-class", "Images per class to enrol (the first K, natural order); the rest are queries.", 1);
        var tenant = CliOptions.Tenant(
            "Tenant to evaluate in (its subjects take part; a class named like one of them is refused, and the evaluation subjects are removed afterwards). When omitted, with the admin key: a fresh 'eval-…' tenant and key, removed afterwards.");
        var threshold = CliOptions.Threshold();
        var keep = new Option<bool>("--keep") { Description = "Keep the evaluation subjects (and a generated tenant with its key)." };
        var json = new Option<bool>("--json") { Description = "Also print the summary as JSON." };

        var command = new Command("accuracy", "Measure one-shot accuracy and latency through the running match service.")
        {
            folder, perClass, tenant, threshold, keep, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(CliOptions.Server),
            CliOptions.ApiKeyOf(parse),
            parse.GetRequiredValue(folder),
            parse.GetValue(perClass),
            parse.GetValue(tenant) is { Length: > 0 } t ? t : null,
            parse.GetValue(threshold),
            parse.GetValue(keep),
            parse.GetValue(json),
            ct));
        return command;
    }

    /// <summary>The former name of <c>accuracy</c>: says where it went, so scripts fail with a clear message.</summary>
    public static Command CreateRenamed()
    {
        var command = new Command("eval") { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("'siamese eval' is now 'siamese accuracy' (the trainer's 'evaluate' scores a model file offline).");
            return ExitCodes.BadInput;
        });
        return command;
    }

    private static async Task<int> RunAsync(
        Uri server, string? apiKey, DirectoryInfo folder, int perClass, string? tenantOption, float? threshold, bool keep, bool json, CancellationToken ct)
    {
        if (DatasetSelection.TryScan(folder, withoutDuplicates: true) is not { } dataset)
        {
            return ExitCodes.BadInput;
        }

        var (gallery, queries) = DatasetSelection.Split(dataset, perClass);
        if (queries.Count == 0)
        {
            Console.Error.WriteLine($"Every class has at most {perClass} image(s): nothing is left to identify.");
            return ExitCodes.BadInput;
        }

        var classes = gallery.Select(g => g.Label).Distinct(StringComparer.Ordinal).Count();
        if (classes < 2)
        {
            // One enrolled class names every probe right: a 100% that says nothing of telling classes apart.
            Console.Error.WriteLine(
                $"Only one class ('{gallery[0].Label}') has an image to enrol: every probe could only be named that class, which measures nothing. " +
                "accuracy needs at least two classes (a folder per class).");
            return ExitCodes.BadInput;
        }

        var failures = new FailureLog();
        using var adminConnection = new MatcherConnection(server, apiKey);
        var temporary = tenantOption is null ? await TemporaryTenant.CreateAsync(adminConnection, ct) : null;
        if (tenantOption is null && temporary is null)
        {
            return ExitCodes.BadInput;
        }

        var tenant = tenantOption ?? temporary!.Tenant;
        using var connection = new MatcherConnection(server, temporary?.Key ?? apiKey);
        if (temporary is null && await RefuseExistingSubjectsAsync(connection, tenant, gallery, folder, ct) is { } refused)
        {
            return refused;
        }

        Console.WriteLine($"Enrolling {gallery.Count} images of {classes} classes into tenant '{tenant}' at {server}.");
        var (enrolled, _, subjects) = await BulkEnroller.EnrollAsync(connection, tenant, gallery, parallel: 4, failures, ct);
        AccuracySummary? summary = null;
        try
        {
            if (failures.Fatal is null && subjects.Count > 0)
            {
                summary = await IdentifyAllAsync(connection, tenant, queries, threshold, failures, ct) with
                {
                    Classes = subjects.Count,
                    EnrolledImages = enrolled,
                };
            }
        }
        finally
        {
            if (!keep)
            {
                await RemoveAsync(connection, tenant, subjects);
                if (temporary is not null)
                {
                    await temporary.DeleteAsync(adminConnection);
                }
            }
            else if (temporary is not null)
            {
                Console.WriteLine($"Kept tenant '{tenant}'; its key (shown once): {temporary.Key}");
            }
            else if (subjects.Count > 0)
            {
                Console.WriteLine($"Kept the {subjects.Count} evaluation subjects in tenant '{tenant}'.");
            }
        }

        if (summary is not null)
        {
            Print(summary);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, Json));
            }
        }

        failures.Print(Console.Out);
        return failures.Fatal is not null ? ExitCodes.ServiceUnavailable
            : failures.Count > 0 ? ExitCodes.SomeFailed
            : ExitCodes.Success;
    }

    /// <summary>
    /// In a tenant of the user's, the evaluation enrols every class as a subject and removes them afterwards. A class named
    /// like a subject the tenant already has would get examples added to that subject, which cannot be taken out again
    /// (nor the subject removed without losing its own examples): refused before anything is enrolled.
    /// </summary>
    /// <returns>The exit code when the run must stop; null when no class is a subject of the tenant yet.</returns>
    private static async Task<int?> RefuseExistingSubjectsAsync(
        MatcherConnection connection, string tenant, IReadOnlyList<LabeledImage> gallery, DirectoryInfo folder, CancellationToken ct)
    {
        var existing = new List<string>();
        foreach (var label in gallery.Select(g => g.Label).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await connection.Client.GetSubjectAsync(new GetSubjectRequest { Tenant = tenant, SubjectId = label }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
                existing.Add(label);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"Stopped: {RpcErrors.DescribeFatal(ex, connection)}");
                return ExitCodes.ServiceUnavailable;
            }
        }

        if (existing.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", existing.Take(10).Select(l => $"'{l}'")) + (existing.Count > 10 ? $" and {existing.Count - 10} more" : "");
        Console.Error.WriteLine(
            $"Tenant '{tenant}' already has {existing.Count} subject(s) named like classes of {folder.FullName}: {named}. " +
            "Evaluating there would add examples to them that cannot be taken out again. Evaluate in a fresh tenant (leave --tenant out, with the admin key), " +
            "or in a tenant without those subjects.");
        return ExitCodes.BadInput;
    }

    /// <summary>Sequential on purpose: each latency is one request alone, not a request queued behind others.</summary>
    private static async Task<AccuracySummary> IdentifyAllAsync(
        MatcherConnection connection, string tenant, IReadOnlyList<LabeledImage> queries, float? threshold, FailureLog failures, CancellationToken ct)
    {
        var latencies = new List<double>(queries.Count);
        int rank1 = 0, acceptedCorrect = 0, acceptedWrong = 0, rejected = 0;
        float usedThreshold = 0;
        var modelId = "";
        var progress = new ProgressLine("identified", queries.Count);
        foreach (var query in queries)
        {
            var request = new IdentifyRequest { Tenant = tenant, TopK = 1 };
            if (threshold is { } t)
            {
                request.Threshold = t;
            }

            try
            {
                request.Image = ImageFile.Read(query.Path);
                var stopwatch = Stopwatch.StartNew();
                var response = await connection.Client.IdentifyAsync(request, deadline: MatcherConnection.Deadline, cancellationToken: ct);
                latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
                (usedThreshold, modelId) = (response.Threshold, response.ModelId);
                var result = response.Results.FirstOrDefault();
                rank1 += result?.Candidates.FirstOrDefault()?.SubjectId == query.Label ? 1 : 0;
                if (result?.Decision != Decision.Known)
                {
                    rejected++;
                }
                else if (result.SubjectId == query.Label)
                {
                    acceptedCorrect++;
                }
                else
                {
                    acceptedWrong++;
                }

                progress.Succeeded();
            }
            catch (RpcException ex) when (RpcErrors.IsFatal(ex))
            {
                failures.SetFatal(RpcErrors.DescribeFatal(ex, connection));
                break;
            }
            catch (RpcException ex)
            {
                failures.Add(query.Path, RpcErrors.Describe(ex));
                progress.Failed();
            }
            catch (Exception ex) when (ImageFile.IsFileProblem(ex))
            {
                failures.Add(query.Path, ex.Message);
                progress.Failed();
            }
        }

        progress.Finish();
        return new AccuracySummary(
            connection.Server.ToString(), tenant, 0, 0, latencies.Count, rank1, acceptedCorrect, acceptedWrong, rejected, failures.Count,
            usedThreshold, modelId, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 95));
    }

    private static async Task RemoveAsync(MatcherConnection connection, string tenant, IReadOnlySet<string> subjects)
    {
        var removed = 0;
        foreach (var subject in subjects)
        {
            try
            {
                await connection.Client.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = tenant, SubjectId = subject }, deadline: MatcherConnection.Deadline);
                removed++;
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine($"Could not remove evaluation subject '{subject}' of tenant '{tenant}': {RpcErrors.Describe(ex)}");
            }
        }

        if (removed > 0)
        {
            Console.WriteLine($"Removed the {removed} evaluation subjects of tenant '{tenant}'.");
        }
    }

    private static void Print(AccuracySummary s)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"Model {s.ModelId}: {s.Classes} classes, {s.EnrolledImages} enrolled images, {s.Queries} queries."));
        Console.WriteLine(string.Create(inv, $"One-shot rank-1 accuracy: {s.Rank1Accuracy * 100:F1}% ({s.Rank1Correct}/{s.Queries})."));
        Console.WriteLine(string.Create(
            inv,
            $"At threshold {s.Threshold:F4}: named correctly {s.DecisionAccuracy * 100:F1}%, named wrongly {s.AcceptedWrong}, unknown {s.Rejected}."));
        Console.WriteLine(string.Create(inv, $"Identify latency (sequential): p50 {s.LatencyP50Ms:F1} ms, p95 {s.LatencyP95Ms:F1} ms."));
    }
}
