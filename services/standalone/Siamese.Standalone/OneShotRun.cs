using System.Diagnostics;
using Google.Protobuf;
using Siamese.Protos.V1;

namespace Siamese.Standalone;

/// <summary>Enrols the gallery and identifies the probes through gRPC, timing every call.</summary>
/// <param name="Correct">Probes whose nearest enrolled subject is their own (the one-shot figure).</param>
/// <param name="Known">Probes answered "known" at the model's threshold; the rest were answered "unknown".</param>
/// <param name="KnownCorrect">Probes answered "known" with their own subject.</param>
public sealed record OneShotRun(int Correct, int Probes, int Known, int KnownCorrect, IReadOnlyList<double> EnrolMs, IReadOnlyList<double> IdentifyMs, double Seconds)
{
    public double Accuracy => Probes == 0 ? 0 : (double)Correct / Probes;

    public static async Task<OneShotRun> RunAsync(Matcher.MatcherClient client, OneShotDraw draw, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(draw);
        var enrolMs = new List<double>();
        foreach (var g in draw.Gallery)
        {
            var image = ByteString.CopyFrom(await File.ReadAllBytesAsync(g.Path, cancellationToken).ConfigureAwait(false));
            var start = Stopwatch.GetTimestamp();
            await client.EnrollAsync(new EnrollRequest { Tenant = tenant, SubjectId = g.Label, Images = { image } }, cancellationToken: cancellationToken);
            enrolMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var identifyMs = new List<double>();
        int correct = 0, known = 0, knownCorrect = 0;
        var total = Stopwatch.StartNew();
        foreach (var p in draw.Probes)
        {
            var image = ByteString.CopyFrom(await File.ReadAllBytesAsync(p.Path, cancellationToken).ConfigureAwait(false));
            var start = Stopwatch.GetTimestamp();
            var answer = await client.IdentifyAsync(new IdentifyRequest { Tenant = tenant, Image = image, TopK = 1 }, cancellationToken: cancellationToken);
            identifyMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var face = answer.Results[0];

            // One-shot accuracy is the nearest subject, as the trainer measures it; the threshold decides known/unknown.
            var nearestIsOwn = face.Candidates.Count > 0 && face.Candidates[0].SubjectId == p.Label;
            correct += nearestIsOwn ? 1 : 0;
            known += face.Decision == Decision.Known ? 1 : 0;
            knownCorrect += face.Decision == Decision.Known && nearestIsOwn ? 1 : 0;
        }

        return new OneShotRun(correct, draw.Probes.Count, known, knownCorrect, enrolMs, identifyMs, total.Elapsed.TotalSeconds);
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
