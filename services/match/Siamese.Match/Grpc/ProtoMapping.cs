using System.Globalization;
using Siamese.Imaging;
using Siamese.Index;
using Siamese.Match.Calibration;
using Siamese.Protos.V1;

namespace Siamese.Match.Grpc;

/// <summary>Domain results as wire messages.</summary>
internal static class ProtoMapping
{
    public static Identification ToProto(this IdentifyResult result)
    {
        var proto = new Identification
        {
            Decision = result.Known ? Decision.Known : Decision.Unknown,
            SubjectId = result.Match?.SubjectId ?? "",
            DisplayName = result.Match?.DisplayName ?? "",
        };
        if (result.Box is { } box)
        {
            proto.Box = box.ToProto();
        }

        proto.Candidates.AddRange(result.Candidates.Select(hit =>
        {
            var candidate = hit.ToProto();
            candidate.Refused = result.Refused.Contains(hit.SubjectId);
            if (result.NegativeDistances.TryGetValue(hit.SubjectId, out var negative))
            {
                candidate.NegativeDistance = negative;
            }

            return candidate;
        }));
        return proto;
    }

    public static Box ToProto(this PixelRect box) => new() { X = box.X, Y = box.Y, Width = box.Width, Height = box.Height };

    public static Candidate ToProto(this SearchHit hit) => new()
    {
        SubjectId = hit.SubjectId,
        DisplayName = hit.DisplayName,
        Distance = hit.Distance,
        ExampleId = hit.ExampleId.ToString(),
    };

    public static Subject ToProto(this SubjectSummary subject) => new()
    {
        SubjectId = subject.SubjectId,
        DisplayName = subject.DisplayName,
        ExampleCount = subject.ExampleCount,
        NegativeCount = subject.NegativeCount,
    };

    public static Protos.V1.Calibration ToProto(this TenantCalibration c)
    {
        var proto = new Protos.V1.Calibration
        {
            Source = Name(c.Source),
            Threshold = c.Threshold,
            TargetFalseAcceptRate = c.TargetFalseAcceptRate,
            FalseAcceptRate = double.IsFinite(c.FalseAcceptRate) ? c.FalseAcceptRate : 0,
            TrueAcceptRate = double.IsFinite(c.TrueAcceptRate) ? c.TrueAcceptRate : 0,
            GenuinePairs = c.GenuinePairs,
            ImpostorPairs = c.ImpostorPairs,
            Samples = c.Samples,
            Labels = c.Labels,
            ModelId = c.ModelId,
            CalibratedAt = c.CalibratedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "",
        };
        proto.Notes.AddRange(c.Notes);
        return proto;
    }

    /// <summary>The wire spelling of a threshold's source: "model", "tenant" or "request".</summary>
    public static string Name(ThresholdSource source) => source.ToString().ToLowerInvariant();
}
