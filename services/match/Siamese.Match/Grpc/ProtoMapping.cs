using Siamese.Imaging;
using Siamese.Index;
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

        proto.Candidates.AddRange(result.Candidates.Select(ToProto));
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

    public static Subject ToProto(this SubjectInfo subject) => new()
    {
        SubjectId = subject.SubjectId,
        DisplayName = subject.DisplayName,
        ExampleCount = subject.ExampleCount,
    };
}
