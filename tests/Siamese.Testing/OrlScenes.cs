using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Testing;

/// <summary>
/// ORL faces as camera frames: subject folders s1..s40; image 1 of each subject is the gallery (enrolled), the
/// others are queries, drawn round-robin and pasted into scenes (seeded, so every run posts the same frames).
/// </summary>
public static class OrlScenes
{
    public static IReadOnlyList<(string Subject, string Path)> Gallery(string root) =>
        [.. FolderDataset.Scan(root).GroupBy(i => i.Label).Select(g => (g.Key, g.First().Path))];

    public static IReadOnlyList<(string Subject, string Path)> Queries(string root) =>
        [.. FolderDataset.Scan(root).GroupBy(i => i.Label).SelectMany(g => g.Skip(1).Select(i => (g.Key, i.Path)))];

    /// <summary><paramref name="count"/> query draws, round-robin over the queries in a seeded shuffled order.</summary>
    public static IReadOnlyList<(string Subject, string Path)> Draw(string root, int count, int seed = 7)
    {
        var queries = Queries(root).ToArray();
        new Random(seed).Shuffle(queries);
        return [.. Enumerable.Range(0, count).Select(i => queries[i % queries.Length])];
    }

    public static FaceScene Scene(string path, int seed) => FaceScene.Create(ImageDecoder.LoadGray(path), seed);
}
