using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary><c>siamese identify &lt;image&gt;</c>: who is this?</summary>
internal static class IdentifyCommand
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "The image to identify (JPEG, PNG, BMP, WebP, GIF, PGM/PPM)." }.AcceptExistingOnly();
        var topK = CliOptions.Positive("--top-k", "Candidates to show, nearest first.", 5);
        var threshold = CliOptions.Threshold();
        var tenant = CliOptions.Tenant("Tenant to search.");
        var json = new Option<bool>("--json") { Description = "Print the service's answer as JSON." };

        var command = new Command("identify", "Identify the face/item in an image against the enrolled subjects.")
        {
            image, topK, threshold, tenant, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(CliOptions.Server),
            CliOptions.ApiKeyOf(parse),
            parse.GetRequiredValue(image),
            parse.GetValue(topK),
            parse.GetValue(threshold),
            parse.GetValue(tenant) ?? "",
            parse.GetValue(json),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(Uri server, string? apiKey, FileInfo file, int topK, float? threshold, string tenant, bool json, CancellationToken ct)
    {
        var request = new IdentifyRequest { Tenant = tenant, TopK = topK };
        if (threshold is { } t)
        {
            request.Threshold = t;
        }

        try
        {
            request.Image = ImageFile.Read(file.FullName);
        }
        catch (Exception ex) when (ImageFile.IsFileProblem(ex))
        {
            Console.Error.WriteLine($"{file.FullName}: {ex.Message}");
            return ExitCodes.BadInput;
        }

        using var connection = new MatcherConnection(server, apiKey);
        IdentifyResponse response;
        try
        {
            response = await connection.Client.IdentifyAsync(request, deadline: MatcherConnection.Deadline, cancellationToken: ct);
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"{file.FullName}: {(RpcErrors.IsFatal(ex) ? RpcErrors.DescribeFatal(ex, connection) : RpcErrors.Describe(ex))}");
            return RpcErrors.IsFatal(ex) ? ExitCodes.ServiceUnavailable : ExitCodes.SomeFailed;
        }

        Console.WriteLine(json ? JsonFormatter.Default.Format(response) : Describe(file.Name, response));
        return ExitCodes.Success;
    }

    private static string Describe(string name, IdentifyResponse response)
    {
        if (response.Results.Count == 0)
        {
            return $"{name}: no face or item found (model {response.ModelId}).";
        }

        var text = new System.Text.StringBuilder();
        foreach (var result in response.Results)
        {
            var box = result.Box is { } b ? $" at {b.X},{b.Y} {b.Width}×{b.Height}" : "";
            var answer = result.Decision == Decision.Known
                ? $"{result.SubjectId}" + (result.DisplayName.Length > 0 && result.DisplayName != result.SubjectId ? $" ({result.DisplayName})" : "")
                : "unknown";
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}{box}: {answer}  [threshold {response.Threshold:F4}, model {response.ModelId}]");
            var rank = 1;
            foreach (var candidate in result.Candidates)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {rank++,2}. {candidate.SubjectId,-24} distance {candidate.Distance:F4}");
            }
        }

        return text.ToString().TrimEnd();
    }
}
