using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Siamese.CommandLine;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>
/// <c>siamese calibrate &lt;folder-per-label&gt;</c>: the tenant's own decision threshold for a target false-accept rate,
/// computed by the service on labelled images from the tenant's cameras and stored for the tenant.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder")
        {
            Description = "Folder per label: <folder>/<label>/<images>, pictures from the tenant's own cameras (several per label).",
        }.ExistingFolder();
        var target = new Option<double?>("--target-far")
        {
            Description = "False-accept rate to reach, e.g. 0.01 for 1%; the model's calibration target when omitted.",
        };
        target.Validators.Add(r =>
        {
            // 0 was taken before as "the model's target", though the message asks for more than 0.
            if (r.TryGetValue<double?>(out var given) && given is { } v && (!(v > 0) || v > 0.5))
            {
                r.AddError("--target-far must be in (0, 0.5], for example 0.01.");
            }
        });
        var perLabel = new Option<int?>("--per-label", "-k") { Description = "Use only the first K images of each label (natural file order)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Compute and report, but keep the threshold in force." };
        var tenant = CliOptions.Tenant("Tenant to calibrate.");
        var json = new Option<bool>("--json") { Description = "Print the service's answer as JSON." };
        var command = new Command("calibrate", "Calibrate the tenant's decision threshold for a target false-accept rate on its own labelled images.")
        {
            folder, target, perLabel, dryRun, tenant, json,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetRequiredValue(CliOptions.Server), CliOptions.ApiKeyOf(parse), parse.GetRequiredValue(folder), parse.GetValue(target) ?? 0, parse.GetValue(perLabel),
            parse.GetValue(dryRun), parse.GetValue(tenant) ?? "", parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(
        Uri server, string? apiKey, DirectoryInfo folder, double target, int? perLabel, bool dryRun, string tenant, bool json, CancellationToken ct)
    {
        if (DatasetSelection.TryScan(folder, withoutDuplicates: true) is not { } images)
        {
            return ExitCodes.BadInput;
        }

        var selected = DatasetSelection.Split(images, perLabel).First;
        using var connection = new MatcherConnection(server, apiKey);
        CalibrateResponse response;
        try
        {
            response = await StreamAsync(connection.Client, selected, new CalibrateRequest { Tenant = tenant, TargetFalseAcceptRate = target, DryRun = dryRun }, ct);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
        {
            // A service from before CalibrateStream: everything in one call, up to what it takes in one message.
            try
            {
                var request = new CalibrateRequest { Tenant = tenant, TargetFalseAcceptRate = target, DryRun = dryRun };
                request.Images.AddRange(Read(selected));
                response = await connection.Client.CalibrateAsync(request, deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: ct);
            }
            catch (RpcException unary) when (unary.StatusCode == StatusCode.ResourceExhausted)
            {
                Console.Error.WriteLine($"calibrate: the images make more than this service takes in one call, and it predates calibrations sent in several messages ({RpcErrors.Describe(unary)}): " +
                    "use fewer images per label (--per-label) or smaller ones (camera crops rather than whole frames).");
                return ExitCodes.BadInput;
            }
            catch (RpcException unary)
            {
                Console.Error.WriteLine($"calibrate: {RpcErrors.Describe(unary)}");
                return RpcErrors.IsFatal(unary) ? ExitCodes.ServiceUnavailable : ExitCodes.BadInput;
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
        {
            // Each message carries what fits in MessageBytes, an image larger than that alone: only such an image can be refused.
            Console.Error.WriteLine($"calibrate: {RpcErrors.Describe(ex)}: an image is larger than the service takes; use smaller ones (camera crops rather than whole frames).");
            return ExitCodes.BadInput;
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"calibrate: {RpcErrors.Describe(ex)}");
            return RpcErrors.IsFatal(ex) ? ExitCodes.ServiceUnavailable : ExitCodes.BadInput;
        }

        Console.WriteLine(json ? JsonFormatter.Default.Format(response) : Describe(CliOptions.TenantActedFor(tenant, apiKey), response));
        return ExitCodes.Success;
    }

    /// <summary>
    /// Bytes of images per message of the stream: under gRPC's usual 4 MiB (the service takes 9 MiB by default), so a
    /// calibration of any size is sent; a larger image goes alone.
    /// </summary>
    internal const int MessageBytes = 3 * 1024 * 1024;

    // The images in messages of at most MessageBytes each, read one message ahead of the network at most; the first
    // message carries the tenant, target and dry run.
    private static async Task<CalibrateResponse> StreamAsync(Matcher.MatcherClient client, IReadOnlyList<LabeledImage> images, CalibrateRequest first, CancellationToken ct)
    {
        using var call = client.CalibrateStream(deadline: DateTime.UtcNow.AddMinutes(30), cancellationToken: ct);
        try
        {
            var message = first;
            var bytes = 0;
            foreach (var image in Read(images))
            {
                if (message.Images.Count > 0 && bytes + image.Image.Length > MessageBytes)
                {
                    await WriteAsync(call, message, ct);
                    message = new CalibrateRequest();
                    bytes = 0;
                }

                message.Images.Add(image);
                bytes += image.Image.Length;
            }

            await WriteAsync(call, message, ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // The service ended the call early (a bad label, an image it refused, a key not allowed), and the write failed
            // with the call (as cancelled): the call's status says why.
            await call.ResponseAsync;
            throw;
        }

        return await call;
    }

    // A write waits for the service to take the message; a service that ended the call (one from before CalibrateStream
    // answers UNIMPLEMENTED at once) takes nothing more, and the write waited for the call's deadline, half an hour (seen
    // in the tests, now and then). The call's answer ends the wait: its status is what the caller reports.
    private static async Task WriteAsync(AsyncClientStreamingCall<CalibrateRequest, CalibrateResponse> call, CalibrateRequest message, CancellationToken ct)
    {
        var write = call.RequestStream.WriteAsync(message, ct);
        if (await Task.WhenAny(write, call.ResponseAsync) != write)
        {
            await call.ResponseAsync; // the service's error
            throw new RpcException(new Status(StatusCode.Internal, "The service answered before it had every image."));
        }

        await write;
    }

    private static IEnumerable<LabelledImage> Read(IReadOnlyList<LabeledImage> images)
    {
        foreach (var image in images)
        {
            ByteString bytes;
            try
            {
                bytes = ImageFile.Read(image.Path);
            }
            catch (Exception ex) when (ImageFile.IsFileProblem(ex))
            {
                Console.Error.WriteLine($"{image.Path}: {ex.Message} (left out)");
                continue;
            }

            yield return new LabelledImage { Label = image.Label, Image = bytes };
        }
    }

    private static string Describe(string calibrated, CalibrateResponse response)
    {
        var c = response.Calibration;
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            string.Create(inv, $"{calibrated}: threshold {c.Threshold:F4} for a false-accept rate of at most {c.TargetFalseAcceptRate:P2}"),
            string.Create(inv, $"  achieved: false accepts {c.FalseAcceptRate:P2}, true accepts {c.TrueAcceptRate:P1}"),
            string.Create(inv, $"  rests on: {c.GenuinePairs:N0} genuine and {c.ImpostorPairs:N0} impostor pairs ({c.Samples} images, {c.Labels} labels)"),
            response.Stored ? "  stored: identify and verify of this tenant use it from now on" : "  dry run: not stored",
        };
        lines.AddRange(c.Notes.Select(n => "  note: " + n));
        lines.AddRange(response.Skipped.Select(s => "  skipped: " + s));
        return string.Join(Environment.NewLine, lines);
    }
}
