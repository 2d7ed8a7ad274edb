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
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder per class: <folder>/<class>/<images>." }.AcceptExistingOnly();
        var perClass = CliOptions.Positive("--per-class", "Images per class to enrol (the first K, natural order); the rest are queries.", 1);
        var tenant = CliOptions.Tenant(
            "Tenant to evaluate in (its subjects take part). When omitted, with the admin key: a fresh 'eval-…' tenant and key, removed afterwards.");
        var threshold = CliOptions.Threshold();
        var keep = new Option<bool>("--keep") { Description = "Keep the evaluation subjects of a generated tenant." };
        var json = new Option<bool>("--json") { Description = "Also print the summary as JSON." };

        var command = new Command("accuracy", "Measure one-shot accuracy and latency through the running match service.")
        {
            folder, perClass, tenant, threshold, keep, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(CliOptions.Server),
            parse.GetValue(CliOptions.ApiKey),
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
        if (DatasetSelection.TryScan(folder) is not { } dataset)
        {
            return ExitCodes.BadInput;
        }

        var (gallery, queries) = DatasetSelection.Split(dataset, perClass);
        if (queries.Count == 0)
        {
            Console.Error.WriteLine($"Every class has at most {perClass} image(s): nothing is left to identify.");
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
        Console.WriteLine($"Enrolling {gallery.Count} images of {gallery.Select(g => g.Label).Distinct().Count()} classes into tenant '{tenant}' at {server}.");
        var (enrolled, subjects) = await BulkEnroller.EnrollAsync(connection, tenant, gallery, parallel: 4, failures, ct);
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
            if (temporary is not null && !keep)
            {
                await RemoveAsync(connection, tenant, subjects);
                await temporary.DeleteAsync(adminConnection);
            }
            else if (temporary is not null)
            {
                Console.WriteLine($"Kept tenant '{tenant}'; its key (shown once): {temporary.Key}");
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
