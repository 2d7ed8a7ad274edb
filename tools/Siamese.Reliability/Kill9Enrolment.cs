using System.Collections.Concurrent;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Reliability;

/// <summary>
/// Enrolments in flight when the match host is killed (SIGKILL) at a random moment; after a restart on the same index
/// folder, every enrolment that was acknowledged must be there. Repeated for several rounds on one folder.
/// </summary>
public static class Kill9Enrolment
{
    public static async Task<Kill9Figures> RunAsync(string work, string modelPath, int dimension, int rounds, IProgress<string> progress, int seed = 5)
    {
        var data = Path.Combine(work, "kill9-index");
        var keyStore = Path.Combine(work, "kill9-keys", "keys.json");
        var adminKey = Deployment.NewSecret();
        string? key = null;
        var random = new Random(seed);
        var acknowledged = new ConcurrentBag<string>();
        for (var round = 0; round < rounds; round++)
        {
            await using var host = await MatchProcess.StartAsync(modelPath, data, keyStore, adminKey);
            key ??= await Deployment.CreateTenantKeyAsync(host.Admin, adminKey, "kill9");
            using var stop = new CancellationTokenSource();
            var r = round;
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var subject = $"r{r}-w{w}-{i}";
                    try
                    {
                        var vector = new Embedding { Values = { Enumerable.Range(0, dimension).Select(d => (float)((d + i) % 17)) } };
                        await host.Client.EnrollAsync(new EnrollRequest { SubjectId = subject, Embeddings = { vector } }, Deployment.Auth(key),
                            deadline: DateTime.UtcNow.AddSeconds(30));
                        acknowledged.Add(subject);
                    }
                    catch (RpcException)
                    {
                        // In flight when the host died: not acknowledged, so nothing is owed.
                        return;
                    }
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromMilliseconds(1000 + random.Next(2000)));
            host.Process.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            progress.Report($"kill -9 round {round + 1}: {acknowledged.Count} acknowledged so far");
        }

        await using var restarted = await MatchProcess.StartAsync(modelPath, data, keyStore, adminKey);
        var lost = 0;
        foreach (var subject in acknowledged)
        {
            try
            {
                await restarted.Client.GetSubjectAsync(new GetSubjectRequest { SubjectId = subject }, Deployment.Auth(key));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                lost++;
            }
        }

        return new Kill9Figures(rounds, acknowledged.Count, lost, acknowledged.Count - lost);
    }
}
