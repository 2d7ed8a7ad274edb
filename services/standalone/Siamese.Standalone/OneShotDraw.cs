using System.Text.Json;
using Siamese.Model;

namespace Siamese.Standalone;

/// <summary>
/// The one-shot draw: for each identity, the first image (natural order) is the gallery, the others are probes.
/// Identities are the trainer's held-out test identities when its report names them (unseen in training). Byte-identical
/// copies are left out as the trainer leaves them out (<see cref="DuplicateImages"/>); <paramref name="LeftOut"/> counts
/// those of the draw's identities.
/// </summary>
public sealed record OneShotDraw(IReadOnlyList<LabeledImage> Gallery, IReadOnlyList<LabeledImage> Probes, bool UnseenIdentities, int LeftOut = 0)
{
    public static OneShotDraw Create(string dataFolder, string? reportPath) => Create(FolderDataset.Scan(dataFolder), reportPath);

    /// <summary>The draw from a folder already scanned (<see cref="FolderDataset.Scan"/>).</summary>
    public static OneShotDraw Create(IReadOnlyList<LabeledImage> images, string? reportPath)
    {
        ArgumentNullException.ThrowIfNull(images);
        var test = TestIdentities(reportPath);
        bool InDraw(LabeledImage image) => test.Count == 0 || test.Contains(image.Label);

        // Before: Yale faces' nine repeats (normal.gif = noglasses.gif) were probes of their own enrolled copies, won at
        // distance 0, and the served figure was not the trainer's for this draw (84.0% against its 83.0%).
        var chosen = DuplicateImages.Find(images).Kept.Where(InDraw).ToList();
        var byLabel = chosen.GroupBy(i => i.Label).Where(g => g.Count() >= 2).ToList();
        return new OneShotDraw(
            [.. byLabel.Select(g => g.First())],
            [.. byLabel.SelectMany(g => g.Skip(1))],
            test.Count > 0,
            images.Count(InDraw) - chosen.Count);
    }

    /// <summary><c>split.test_identities</c> of the trainer's report.json; empty when absent.</summary>
    public static HashSet<string> TestIdentities(string? reportPath)
    {
        if (reportPath is null || !File.Exists(reportPath))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(reportPath));
        return doc.RootElement.TryGetProperty("split", out var split) && split.TryGetProperty("test_identities", out var ids)
            ? [.. ids.EnumerateArray().Select(e => e.GetString()!).Where(s => s is not null)]
            : [];
    }
}
