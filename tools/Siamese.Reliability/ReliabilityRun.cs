using Siamese.Testing;
using Siamese.Model;
using Siamese.Reliability.BadInputs;

namespace Siamese.Reliability;

/// <summary>Runs the chosen sections in turn (each on fresh processes) and judges the figures against issue #13's acceptance.</summary>
public static class ReliabilityRun
{
    public static async Task<ReliabilityReport> RunAsync(ReliabilityOptions options, IProgress<string> progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        var work = Path.GetFullPath(options.Work);
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var model = PixelModel.Write(Path.Combine(work, "pixels.onnx"));
        const int dimension = 28 * 23;
        var report = new ReliabilityReport();
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        bool Run(string section) => options.Sections.Contains(section);

        if (Run("unauthenticated") || Run("bad-inputs") || Run("cross-tenant"))
        {
            await using var deployment = await Deployment.StartAsync(Path.Combine(work, "standalone"), model);
            progress.Report($"standalone up (pid {deployment.Process.Pid})");
            var key = await deployment.CreateTenantKeyAsync("acme");
            if (Run("unauthenticated"))
            {
                var revoked = await deployment.CreateTenantKeyAsync("acme");
                await deployment.Admin.RevokeKeyAsync(new Protos.V1.RevokeKeyRequest { Tenant = "acme", KeyId = revoked.Split('_')[1] },
                    Deployment.Auth(deployment.AdminKey));
                report = report with { Unauthenticated = await Unauthenticated.RunAsync(deployment, "acme", revoked) };
                progress.Report($"unauthenticated: {report.Unauthenticated.Rejected}/{report.Unauthenticated.Tried} refused");
            }

            if (Run("bad-inputs"))
            {
                var tally = new OutcomeTally();
                await new BadInputSuite(deployment, key, "acme", new Probe(deployment.Process, tally)).RunAsync(progress);
                report = report with
                {
                    BadInputs = new BadInputFigures(tally.Total, tally.Count(Outcome.Crash), tally.Count(Outcome.Hang), tally.Count(Outcome.ServerError),
                        tally.Count(Outcome.Clean4xx), tally.Count(Outcome.Accepted), tally.Count(Outcome.NoAnswer), tally.ByEntryPoint(), tally.Examples),
                };
            }

            if (Run("cross-tenant") && !deployment.Process.HasExited)
            {
                var cross = new CrossTenant(deployment, dimension);
                report = report with { CrossTenant = await cross.RunAsync(options.Operations, tenants: 4) };
                foreach (var leak in cross.LeakDetails.Take(10))
                {
                    progress.Report($"cross-tenant leak: {leak}");
                }
            }
        }

        if (Run("second-writer"))
        {
            var (refused, message) = await SecondWriter.RunAsync(work, model);
            report = report with { SecondWriterRefused = refused, SecondWriterMessage = message };
            progress.Report($"second writer refused: {refused} ({message})");
        }

        if (Run("kill9"))
        {
            report = report with { Kill9 = await Kill9Enrolment.RunAsync(work, model, dimension, options.Kill9Rounds, progress) };
        }

        if (Run("large-images"))
        {
            if (SharedData.YuNetModel is not { } yunet || SharedData.OrlFaces is not { } orl)
            {
                skipped["large-images"] = $"needs the YuNet model and ORL faces (../shared, or {SharedData.ModelsVariable} and {SharedData.OrlFacesVariable})";
            }
            else
            {
                var faceModel = PixelModel.Write(Path.Combine(work, "pixels-face.onnx"), crop: ModelCrops.YuNetAligned);
                await using var deployment = await Deployment.StartAsync(Path.Combine(work, "large"), faceModel,
                    new Dictionary<string, string> { ["Models__YuNet"] = yunet });
                var key = await deployment.CreateTenantKeyAsync("acme");
                report = report with
                {
                    LargeImages = await LargeImageBurst.RunAsync(deployment, key, Path.Combine(orl, "s1", "1.pgm"), options.LargeImages, "pixel stand-in, yunet-aligned"),
                };
                progress.Report($"large images: peak +{report.LargeImages.PeakMbAboveBaseline} MB, p99 {report.LargeImages.P99S} s");
            }
        }

        if (Run("broker-kill"))
        {
            if (RabbitNode.StartScript is null)
            {
                skipped["broker-kill"] = "rabbitmq-server is not installed";
            }
            else
            {
                report = report with { BrokerKill = await RunBrokerKillAsync(work, model, options, progress) };
            }
        }

        return report with { Skipped = skipped, Acceptance = Acceptance.Judge(report) };
    }

    private static async Task<BrokerKillFigures> RunBrokerKillAsync(string work, string model, ReliabilityOptions options, IProgress<string> progress)
    {
        await using var node = await RabbitNode.StartAsync(Path.Combine(work, "rabbit"), options.RabbitPort, options.RabbitDistributionPort);
        progress.Report($"own RabbitMQ node {node.NodeName} on {node.Port}");
        await using var pipeline = await PipelineProcesses.StartAsync(new PipelineProcessOptions
        {
            RabbitMq = node.Uri,
            ModelPath = model,
            IndexDirectory = Path.Combine(work, "broker-index"),
            DetectEnvironment = new Dictionary<string, string> { ["Crops__Detector"] = "Passthrough" },
        });
        var key = await pipeline.CreateTenantKeyAsync("camera-owner");
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(pipeline.MatchGrpc);
        await new Protos.V1.Matcher.MatcherClient(channel).EnrollAsync(new Protos.V1.EnrollRequest
        {
            SubjectId = "someone",
            Embeddings = { new Protos.V1.Embedding { Values = { new float[28 * 23] } } },
        }, Deployment.Auth(key));
        return await new BrokerKill(node, pipeline, key).RunAsync(options.Frames, options.FramesPerSecond, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), progress);
    }
}
