using Google.Protobuf;
using Siamese.Model;

namespace Siamese.Match.Tests;

/// <summary>The ORL faces as subjects (<c>s1</c>…<c>s40</c>, ten images each), read from the shared data folder.</summary>
internal static class OrlGallery
{
    public static IReadOnlyList<string> Subjects { get; } =
        [.. Enumerable.Range(1, 40).Select(i => "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Image <paramref name="index"/> (1..10) of the subject.</summary>
    public static ByteString Image(string subject, int index) =>
        ByteString.CopyFrom(File.ReadAllBytes(Path.Combine(SharedData.OrlFaces!, subject, $"{index}.pgm")));
}
