using System.Diagnostics;
using Google.Protobuf;
using Siamese.Protos.V1;

namespace Siamese.Benchmarks;

/// <summary>
/// A <see cref="ServingSet"/> through the hosts as a client sees them: the gallery enrolled and every probe identified
/// by file bytes over gRPC (decode, crop planner, embed, index all in the services).
/// </summary>
internal static class ServedIdentification
{
    public static async Task<(double Accuracy, List<double> LatenciesMs)> RunAsync(
        Matcher.MatcherClient client, ServingSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(set);
        foreach (var g in set.Gallery)
        {
            await client.EnrollAsync(new EnrollRequest
            {
                Tenant = set.Tenant, SubjectId = g.Label, Images = { ByteString.CopyFrom(await File.ReadAllBytesAsync(g.Path, cancellationToken)) },
            }, cancellationToken: cancellationToken);
        }

        var correct = 0;
        var latencies = new List<double>();
        foreach (var p in set.Probes)
        {
            var image = ByteString.CopyFrom(await File.ReadAllBytesAsync(p.Path, cancellationToken));
            var start = Stopwatch.GetTimestamp();
            var answer = await client.IdentifyAsync(new IdentifyRequest { Tenant = set.Tenant, Image = image, TopK = 1 }, cancellationToken: cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            correct += answer.Results[0].Candidates[0].SubjectId == p.Label ? 1 : 0;
        }

        return ((double)correct / set.Probes.Count, latencies);
    }
}
