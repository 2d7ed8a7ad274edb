using System.Security.Cryptography;

namespace Siamese.Model;

/// <summary>
/// Image files of a folder-per-class dataset that are byte for byte the same. A repeat within a class adds nothing to
/// training and, drawn as the probe of its own enrolled copy, is a trial won at distance 0 (Yale faces ships nine:
/// <c>normal.gif</c> = <c>noglasses.gif</c>); the same picture under two classes cannot be both, and as an impostor pair
/// at distance 0 it drags a calibrated threshold to 0, where nothing is ever accepted.
/// </summary>
/// <param name="Kept">The images to use, in the scan's order: the first of each class's repeats, no copy of a picture found under two classes.</param>
/// <param name="Repeats">Each left-out repeat with the image of its class it repeats.</param>
/// <param name="Conflicts">Each picture found under several classes, every copy (all left out).</param>
public sealed record DuplicateImages(
    IReadOnlyList<LabeledImage> Kept,
    IReadOnlyList<(LabeledImage First, LabeledImage Repeat)> Repeats,
    IReadOnlyList<IReadOnlyList<LabeledImage>> Conflicts)
{
    private const int Named = 3;

    /// <summary>The folder's images (<see cref="FolderDataset.Scan"/>) and their duplicates.</summary>
    public static DuplicateImages Scan(string root) => Find(FolderDataset.Scan(root));

    /// <summary>Finds the duplicates (only files of equal length are read and hashed).</summary>
    public static DuplicateImages Find(IReadOnlyList<LabeledImage> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var repeats = new List<(LabeledImage, LabeledImage)>();
        var conflicts = new List<IReadOnlyList<LabeledImage>>();
        var dropped = new HashSet<LabeledImage>();
        foreach (var sameLength in items.GroupBy(Length).Where(g => g.Key > 0 && g.Count() > 1))
        {
            foreach (var copies in sameLength.GroupBy(Hash, StringComparer.Ordinal).Where(g => g.Key.Length > 0 && g.Count() > 1).Select(g => g.ToList()))
            {
                if (copies.Select(c => c.Label).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    conflicts.Add(copies);
                    dropped.UnionWith(copies);
                    continue;
                }

                foreach (var repeat in copies.Skip(1))
                {
                    repeats.Add((copies[0], repeat));
                    dropped.Add(repeat);
                }
            }
        }

        return new DuplicateImages(dropped.Count == 0 ? items : [.. items.Where(i => !dropped.Contains(i))], repeats, conflicts);
    }

    /// <summary>
    /// Which of <paramref name="added"/> <see cref="Find"/> would keep were it given <paramref name="known"/> followed by
    /// them: the same answer, but only the known images of an added image's length are read and hashed (the run's
    /// --gallery images against its --data photos, where hashing every photo again was the whole cost).
    /// </summary>
    /// <returns>The added images kept, in their order: none a copy of a known image or of another added one.</returns>
    public static IReadOnlyList<LabeledImage> KeptOfAdded(IReadOnlyList<LabeledImage> known, IReadOnlyList<LabeledImage> added)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(added);
        if (added.Count == 0)
        {
            return [];
        }

        // Find compares only files of one length, so the known images of other lengths cannot change its answer.
        var lengths = added.Select(Length).Where(length => length > 0).ToHashSet();
        var kept = Find([.. known.Where(image => lengths.Contains(Length(image))), .. added]).Kept.ToHashSet();
        return [.. added.Where(kept.Contains)];
    }

    /// <summary>What was left out and why, a line per kind (none when nothing was).</summary>
    public IEnumerable<string> Describe()
    {
        if (Repeats.Count > 0)
        {
            yield return $"Left out: {Repeats.Count} {(Repeats.Count == 1 ? "image that repeats" : "images that repeat")} another image of {(Repeats.Count == 1 ? "its" : "their")} class byte for byte " +
                $"({string.Join(", ", Repeats.Take(Named).Select(r => $"{Name(r.Repeat)} = {Name(r.First)}"))}{(Repeats.Count > Named ? ", …" : "")}): " +
                "a copy teaches nothing new, and a probe identical to its enrolled image would flatter the figures.";
        }

        if (Conflicts.Count > 0)
        {
            yield return $"Left out: {Conflicts.Count} {(Conflicts.Count == 1 ? "picture" : "pictures")} found under two classes or more, every copy " +
                $"({string.Join(", ", Conflicts.Take(Named).Select(c => string.Join(" = ", c.Select(Name))))}{(Conflicts.Count > Named ? ", …" : "")}): " +
                "one picture cannot be both; relabel or remove it (as an impostor pair at distance 0 it would drag the decision threshold to 0).";
        }
    }

    /// <summary>Writes <see cref="Describe"/>'s lines (nothing when nothing was left out).</summary>
    public void Report(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (var line in Describe())
        {
            log.WriteLine(line);
        }
    }

    private static string Name(LabeledImage image) => $"{image.Label}/{System.IO.Path.GetFileName(image.Path)}";

    private static long Length(LabeledImage image)
    {
        try
        {
            return new FileInfo(image.Path).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1; // unreadable: the decoder names it (empty files, length 0, are left to it too)
        }
    }

    private static string Hash(LabeledImage image)
    {
        try
        {
            using var stream = File.OpenRead(image.Path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
