using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>A folder-per-class dataset decoded to grayscale, in <see cref="FolderDataset.Scan"/> order.</summary>
public sealed class GrayDataset
{
    private GrayDataset(IReadOnlyList<LabeledImage> items, IReadOnlyList<GrayImage> images)
    {
        Items = items;
        Images = images;
        Identities = [.. items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(NaturalComparer.Instance)];
        var index = Identities.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        IdentityOfImage = [.. items.Select(i => index[i.Label])];
    }

    public IReadOnlyList<LabeledImage> Items { get; }

    public IReadOnlyList<GrayImage> Images { get; }

    /// <summary>Labels in natural order; <see cref="IdentityOfImage"/> indexes this list.</summary>
    public IReadOnlyList<string> Identities { get; }

    public IReadOnlyList<int> IdentityOfImage { get; }

    /// <summary>The indices of the images whose label is one of <paramref name="labels"/>, in scan order.</summary>
    public int[] ImagesOf(IEnumerable<string> labels)
    {
        var wanted = labels.ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, Items.Count).Where(i => wanted.Contains(Items[i].Label))];
    }

    /// <summary>
    /// Per image, 1 where a pixel of the (aligned) image lies inside the original picture and 0 where alignment
    /// reached past its edge; null when every pixel does (no alignment).
    /// </summary>
    public IReadOnlyList<float[]?>? Coverage { get; private init; }

    /// <summary>The same items with new images (same order), and optionally their <see cref="Coverage"/>.</summary>
    public GrayDataset WithImages(IReadOnlyList<GrayImage> images, IReadOnlyList<float[]?>? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count != Items.Count || (coverage is not null && coverage.Count != Items.Count))
        {
            throw new ArgumentException($"Expected {Items.Count} images (and coverage masks), one per item.");
        }

        return new GrayDataset(Items, images) { Coverage = coverage };
    }

    /// <summary>These items followed by <paramref name="other"/>'s (e.g. a --gallery's images of training classes), coverage masks kept.</summary>
    public GrayDataset Concat(GrayDataset other)
    {
        ArgumentNullException.ThrowIfNull(other);
        IReadOnlyList<float[]?>? coverage = Coverage is null && other.Coverage is null ? null
            : [.. (Coverage ?? new float[]?[Items.Count]).Concat(other.Coverage ?? new float[]?[other.Items.Count])];
        return new GrayDataset([.. Items, .. other.Items], [.. Images, .. other.Images]) { Coverage = coverage };
    }

    /// <summary>The first <paramref name="count"/> items, coverage masks kept.</summary>
    public GrayDataset Take(int count) =>
        new([.. Items.Take(count)], [.. Images.Take(count)]) { Coverage = Coverage is null ? null : [.. Coverage.Take(count)] };

    public static GrayDataset Load(string root) => Load(FolderDataset.Scan(root));

    /// <summary>The images of a folder already scanned (<see cref="FolderDataset.Scan"/>), in its order.</summary>
    public static GrayDataset Load(IReadOnlyList<LabeledImage> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var images = new GrayImage[items.Count];
        Parallel.For(0, items.Count, i => images[i] = ImageFiles.LoadGray(items[i].Path));
        return new GrayDataset(items, images);
    }
}
