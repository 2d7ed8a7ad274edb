using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Siamese.Model;
using Siamese.Protos.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Standalone;

/// <summary>
/// The main job: data (generated, or <c>--data</c>) → train (trainer child process) → standalone host on a
/// loopback port → enrol one image per class → identify the rest over gRPC → accuracy and latency.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (HostArguments.IsHelp(args))
        {
            Console.WriteLine(DemoOptions.Usage);
            return 0;
        }

        DemoOptions options;
        try
        {
            options = DemoOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        try
        {
            return await RunAsync(options, cancellationToken);
        }
        catch (Exception ex) when (ex is DemoFailedException or ServiceStartException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync(ex is ServiceStartException ? $"The standalone host could not start: {ex.Message}" : ex.Message);
            return ServiceRunner.StartFailed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A folder the demo cannot write (--out on a read-only disk, a full disk): one line naming it, not a trace.
            await Console.Error.WriteLineAsync($"The demo stopped: {ex.Message}");
            return ServiceRunner.StartFailed;
        }
    }

    private static async Task<int> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var output = Path.GetFullPath(options.Output);
        var data = options.Data is null ? Generate(options, output) : Path.GetFullPath(options.Data);
        var images = FolderDataset.Scan(data);
        var classes = images.GroupBy(i => i.Label).Count(g => g.Count() >= 2);
        if (classes < 2)
        {
            throw new DemoFailedException($"'{data}' has {classes} class(es) with two images or more: the demo needs at least 2, one image of each enrolled and the others identified.");
        }

        // Made once the data is known to be usable: a refused --data leaves no output folder behind.
        Directory.CreateDirectory(output);

        var modelDir = Path.Combine(output, "model");
        var model = options.Model is { } m ? Path.GetFullPath(m) : await TrainAsync(data, modelDir, options.Quick, cancellationToken);
        var report = Path.Combine(Path.GetDirectoryName(model)!, "report.json");
        var trainer = TrainerFigures.Read(report);
        var sameData = trainer?.Describes(data) ?? true;
        if (!sameData)
        {
            // Before: the report's test classes chose the draw among --data's classes of the same names, and its one-shot
            // figures were printed as "the trainer's offline figure for this draw", though they were about other images.
            Console.WriteLine($"the model was trained on '{trainer!.TrainedOn}', not on '{data}': the draw takes every class here, and the " +
                "trainer's one-shot figures (about its own data) are left out.");
        }

        var draw = OneShotDraw.Create(images, sameData ? report : null);
        if (draw.Gallery.Count < 2 || draw.Probes.Count == 0)
        {
            throw new DemoFailedException($"The draw from '{data}' has {draw.Gallery.Count} class(es) with two images or more (the trainer's test classes where its report names them): the demo needs at least 2.");
        }

        Console.WriteLine($"draw: {draw.Gallery.Count} identities ({(draw.UnseenIdentities ? "held out from training" : "all classes")}), " +
            $"{draw.Gallery.Count} gallery images, {draw.Probes.Count} probes" +
            (draw.LeftOut > 0 ? $" ({draw.LeftOut} byte-identical {(draw.LeftOut == 1 ? "copy" : "copies")} of another image left out, as in training)" : ""));

        var index = Path.Combine(output, "index");
        if (Directory.Exists(index))
        {
            Directory.Delete(index, recursive: true);
        }

        var (grpcPort, httpPort) = (FreePort(), FreePort());
        WebApplication built;
        try
        {
            built = StandaloneHost.Build(
            [
                $"--Models:Embedding={model}",
                $"--Match:Embedded:DataDirectory={index}",
                $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{grpcPort}",
                $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
                "--Logging:LogLevel:Default=Warning",

                // The wait for the host to be ready asks its health checks until they pass: each answer while the model
                // loads was logged as "fail: … Unhealthy". A host that cannot start is reported by the wait itself.
                "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",

                // The demo runs open on loopback (no API keys) and the host says so in its log.
                "--Security:Mode=Open",

                // A model trained on faces the trainer found (or with --align yunet) cuts every image with YuNet, as the
                // trainer did with the same model; the host starts without it only for models that resize. Models__YuNet
                // from the environment still names another one.
                .. SharedData.YuNetModel is { } yuNet && Environment.GetEnvironmentVariable("Models__YuNet") is null ? [$"--Models:YuNet={yuNet}"] : Array.Empty<string>(),
            ]);
        }
        catch (Exception ex) when (ex is Microsoft.Extensions.Options.OptionsValidationException or AggregateException or InvalidOperationException)
        {
            // A setting from the environment (Crops__MinScore=5, say) that the host refuses: named, as serve names it.
            throw new ServiceStartException(ServiceRunner.Describe(ex), ex);
        }

        await using var app = built;
        await app.StartServiceAsync(cancellationToken);
        await app.WaitReadyAsync(cancellationToken);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        var client = new Matcher.MatcherClient(channel);
        var info = await client.GetModelInfoAsync(new GetMatchModelInfoRequest(), cancellationToken: cancellationToken);
        Console.WriteLine($"serving {info.Model.ModelId} on {info.Model.ExecutionProvider} (input {info.Model.InputHeight}x{info.Model.InputWidth}, " +
            $"dimension {info.Model.EmbeddingDimension}, threshold {info.Model.Threshold.ToString("0.###", CultureInfo.InvariantCulture)}), " +
            $"gRPC at 127.0.0.1:{grpcPort}");

        var run = await OneShotRun.RunAsync(client, draw, "demo", cancellationToken);
        DemoSummary.Print(Console.Out, run, draw, trainer, sameData);
        await app.StopAsync(cancellationToken);
        return 0;
    }

    private static string Generate(DemoOptions options, string output)
    {
        var data = Path.Combine(output, "data");
        if (!Directory.Exists(data) || FolderDataset.Scan(data).Count != options.Classes * options.PerClass)
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            Console.WriteLine($"generating a synthetic item dataset: {options.Classes} classes × {options.PerClass} images in {data}");
            SyntheticDataset.Generate(data, options.Classes, options.PerClass, seed: 1);
        }

        return data;
    }

    private static Task<string> TrainAsync(string data, string modelDir, bool quick, CancellationToken cancellationToken)
    {
        var root = TrainerProcess.FindRepoRoot()
            ?? throw new DemoFailedException("Run the demo from inside the repository (to train), or pass --model <model.onnx>.");
        return TrainerProcess.TrainAsync(root, data, modelDir, quick, cancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The demo cannot go on (the trainer failed, the data gives nothing to identify); the message says why.</summary>
public sealed class DemoFailedException(string message) : Exception(message);
