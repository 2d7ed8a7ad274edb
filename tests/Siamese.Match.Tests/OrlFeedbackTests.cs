using System.Globalization;
using Siamese.Model;
using Siamese.Protos.V1;
using Xunit.Abstractions;

namespace Siamese.Match.Tests;

/// <summary>
/// Wrong-match reports and per-tenant calibration with the real face model on ORL (YuNet-aligned): what a user
/// measures. Figures are printed (test output) beside the assertions.
/// </summary>
public sealed class OrlFeedbackTests(ITestOutputHelper output)
{
    /// <summary>Subjects s1–s20 are enrolled (first image); s21–s40 never are: their images are impostors.</summary>
    private static readonly IReadOnlyList<string> Enrolled = [.. OrlGallery.Subjects.Take(20)];
    private static readonly IReadOnlyList<string> Strangers = [.. OrlGallery.Subjects.Skip(20)];

    /// <summary>The face model cuts pictures with YuNet, as the trainer cut them.</summary>
    private static Dictionary<string, string?> YuNet => new() { ["Models:YuNet"] = SharedData.YuNetModel };

    [AlignedOrlModelFact]
    public async Task ImpostorsThatMatchedAreUnknownAfterOneReportAndGenuineProbesStillMatch()
    {
        await using var host = await MatchTestHost.StartAsync(modelPath: AlignedOrlModel.Path, settings: YuNet);
        foreach (var s in Enrolled)
        {
            await host.Client.EnrollAsync(new EnrollRequest { SubjectId = s, Images = { OrlGallery.Image(s, 1) } });
        }

        // At the model's threshold (FAR 0.1%) no stranger matches; a site that wants more genuine accepts calibrates to 1%,
        // and then some strangers do: the case "not this person" is for.
        var calibration = (await host.Client.CalibrateAsync(StrangersCalibration(""))).Calibration;
        var genuine = Enrolled.SelectMany(s => Enumerable.Range(2, 9).Select(i => (Subject: s, Index: i))).ToList();
        var impostors = Strangers.SelectMany(s => Enumerable.Range(1, 5).Select(i => (Subject: s, Index: i))).ToList();
        var acceptedBefore = await CountAcceptedAsync(host.Client, genuine);
        var falseMatches = new List<((string Subject, int Index) Probe, string MatchedTo)>();
        foreach (var probe in impostors)
        {
            var answer = await IdentifyAsync(host, probe);
            if (answer.Decision == Decision.Known)
            {
                falseMatches.Add((probe, answer.SubjectId));
            }
        }

        foreach (var (probe, matchedTo) in falseMatches)
        {
            await host.Client.ReportWrongMatchAsync(new ReportWrongMatchRequest { SubjectId = matchedTo, Image = OrlGallery.Image(probe.Subject, probe.Index) });
        }

        var unknownAfter = 0;
        foreach (var (probe, _) in falseMatches)
        {
            unknownAfter += (await IdentifyAsync(host, probe)).Decision == Decision.Unknown ? 1 : 0;
        }

        var acceptedAfter = await CountAcceptedAsync(host.Client, genuine);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"ORL, model {AlignedOrlModel.Path}: s1–s20 enrolled (image 1); genuine probes images 2–10 (180); impostors s21–s40 images 1–5 (100); " +
            $"threshold {calibration.Threshold:F4} (calibrated for FAR 1% on s21–s40 images 6–10)"));
        output.WriteLine(string.Create(inv, $"impostors accepted: {falseMatches.Count}/100; after one report each, answered unknown: {unknownAfter}/{falseMatches.Count}"));
        output.WriteLine(string.Create(inv,
            $"genuine accept rate: before {acceptedBefore / 180.0:P1} ({acceptedBefore}/180), after {acceptedAfter / 180.0:P1} ({acceptedAfter}/180)"));

        Assert.NotEmpty(falseMatches);
        Assert.Equal(falseMatches.Count, unknownAfter);

        // A report is one photo of another person: genuine probes of that subject stay nearer to its own examples.
        Assert.InRange(acceptedAfter, acceptedBefore - 2, acceptedBefore);
    }

    [AlignedOrlModelFact]
    public async Task TenantCalibrationOnItsOwnFacesReachesTheTargetAndIdentifyUsesIt()
    {
        await using var host = await MatchTestHost.StartAsync(modelPath: AlignedOrlModel.Path, settings: YuNet);
        var clients = new[] { "site-a", "site-b" }.ToDictionary(t => t, host.ClientFor); // one key per site
        foreach (var tenant in clients.Keys)
        {
            foreach (var s in Enrolled)
            {
                await clients[tenant].EnrollAsync(new EnrollRequest { Tenant = tenant, SubjectId = s, Images = { OrlGallery.Image(s, 1) } });
            }
        }

        var calibrated = await clients["site-a"].CalibrateAsync(StrangersCalibration("site-a"));
        var c = calibrated.Calibration;
        var model = (await clients["site-b"].GetModelInfoAsync(new GetMatchModelInfoRequest())).Model;

        var genuine = Enrolled.SelectMany(s => Enumerable.Range(2, 9).Select(i => (Subject: s, Index: i))).ToList();
        var impostors = Strangers.SelectMany(s => Enumerable.Range(1, 5).Select(i => (Subject: s, Index: i))).ToList();
        var figures = new Dictionary<string, (int Genuine, int Impostor, float Threshold, string Source)>();
        foreach (var tenant in new[] { "site-a", "site-b" })
        {
            var accepted = await CountAcceptedAsync(clients[tenant], genuine, tenant);
            var falseAccepts = 0;
            IdentifyResponse? last = null;
            foreach (var probe in impostors)
            {
                last = await clients[tenant].IdentifyAsync(new IdentifyRequest { Tenant = tenant, Image = OrlGallery.Image(probe.Subject, probe.Index), TopK = 1 });
                falseAccepts += last.Results[0].Decision == Decision.Known ? 1 : 0;
            }

            figures[tenant] = (accepted, falseAccepts, last!.Threshold, last.ThresholdSource);
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv,
            $"site-a calibrated on 100 images of 20 strangers, target FAR 1%: threshold {c.Threshold:F4} (model {model.Threshold:F4} at FAR {model.ThresholdFalseAcceptRate:P2}); " +
            $"achieved FAR {c.FalseAcceptRate:P2}, TAR {c.TrueAcceptRate:P1} on {c.GenuinePairs} genuine / {c.ImpostorPairs} impostor pairs"));
        foreach (var (tenant, f) in figures)
        {
            output.WriteLine(string.Create(inv,
                $"{tenant} ({f.Source} threshold {f.Threshold:F4}): genuine accepted {f.Genuine}/180, strangers' images 1–5 accepted {f.Impostor}/100"));
        }

        Assert.True(calibrated.Stored);
        Assert.Equal(200, c.GenuinePairs);
        Assert.Equal(4750, c.ImpostorPairs);
        Assert.InRange(c.FalseAcceptRate, 0, 0.01);
        Assert.Equal(("tenant", c.Threshold), (figures["site-a"].Source, figures["site-a"].Threshold));
        Assert.Equal(("model", model.Threshold), (figures["site-b"].Source, figures["site-b"].Threshold));
    }

    /// <summary>The tenant's "camera pictures": images 6–10 of the 20 strangers (never enrolled), for a false-accept rate of 1%.</summary>
    private static CalibrateRequest StrangersCalibration(string tenant)
    {
        var request = new CalibrateRequest { Tenant = tenant, TargetFalseAcceptRate = 0.01 };
        request.Images.AddRange(Strangers.SelectMany(s => Enumerable.Range(6, 5).Select(i => new LabelledImage { Label = s, Image = OrlGallery.Image(s, i) })));
        return request;
    }

    private static async Task<Identification> IdentifyAsync(MatchTestHost host, (string Subject, int Index) probe) =>
        (await host.Client.IdentifyAsync(new IdentifyRequest { Image = OrlGallery.Image(probe.Subject, probe.Index), TopK = 3 })).Results[0];

    private static async Task<int> CountAcceptedAsync(Matcher.MatcherClient client, IReadOnlyList<(string Subject, int Index)> probes, string tenant = "")
    {
        var accepted = 0;
        foreach (var probe in probes)
        {
            var answer = await client.IdentifyAsync(new IdentifyRequest { Tenant = tenant, Image = OrlGallery.Image(probe.Subject, probe.Index), TopK = 3 });
            accepted += answer.Results[0].Decision == Decision.Known && answer.Results[0].SubjectId == probe.Subject ? 1 : 0;
        }

        return accepted;
    }
}
