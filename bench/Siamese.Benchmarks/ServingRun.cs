using Siamese.Inference;
using Siamese.Model;
using Siamese.Protos.V1;

namespace Siamese.Benchmarks;

/// <summary>
/// What every serving benchmark does: each task offline (<see cref="OfflineServing"/>) and served through the
/// standalone host (<see cref="ServedIdentification"/>, each task in its own tenant of one fresh embedded index).
/// </summary>
internal static class ServingRun
{
    public static async Task<(ModelMetadata Model, List<ServingFigures> Tasks)> RunAsync(
        string modelPath, IReadOnlyList<ServingSet> sets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sets);
        using var raw = new OnnxEmbedder(modelPath);
        var offline = new List<double>();
        using (var path = new OfflineServing(raw))
        {
            offline.AddRange(sets.Select(path.Accuracy));
        }

        var index = Directory.CreateTempSubdirectory("siamese-serving-").FullName;
        try
        {
            await using var host = await ServingHost.StartAsync(new Dictionary<string, string?>
            {
                ["Models:Embedding"] = modelPath,
                ["Models:YuNet"] = SharedData.YuNetModel,
                ["Match:Embedded:DataDirectory"] = index,
            }, cancellationToken);
            var client = new Matcher.MatcherClient(host.Channel);
            var tasks = new List<ServingFigures>();
            for (var i = 0; i < sets.Count; i++)
            {
                var (served, latencies) = await ServedIdentification.RunAsync(client, sets[i], cancellationToken);
                tasks.Add(ServingFigures.Of(sets[i], offline[i], served, latencies));
            }

            return (raw.Metadata, tasks);
        }
        finally
        {
            Directory.Delete(index, recursive: true);
        }
    }
}
