using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Siamese.Model;

namespace Siamese.Match;

/// <summary>
/// The id of a stored example: derived from the tenant, the subject and what was stored (the model crop's pixels, or the
/// embedding sent), so that enrolling the same photo of a subject again — a client retrying after a timeout, a bulk
/// enrolment run again over a folder that gained a few images — replaces the example instead of adding a copy.
/// </summary>
internal static class ExampleIds
{
    public static Guid Of(string space, string subjectId, ModelCrop crop)
    {
        ArgumentNullException.ThrowIfNull(crop);
        using var hash = Start(space, subjectId, "crop");
        foreach (var plane in crop.Planes)
        {
            hash.AppendData(BitConverter.GetBytes(plane.Width));
            hash.AppendData(BitConverter.GetBytes(plane.Height));
            hash.AppendData(MemoryMarshal.AsBytes(plane.Pixels.AsSpan()));
        }

        return Finish(hash);
    }

    public static Guid Of(string space, string subjectId, float[] embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        using var hash = Start(space, subjectId, "embedding");
        hash.AppendData(MemoryMarshal.AsBytes(embedding.AsSpan()));
        return Finish(hash);
    }

    private static IncrementalHash Start(string space, string subjectId, string kind)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"siamese-example\n{space}\n{subjectId}\n{kind}\n"));
        return hash;
    }

    private static Guid Finish(IncrementalHash hash) => new(hash.GetHashAndReset().AsSpan(0, 16));
}
