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

    /// <summary>The same items with each image replaced by <paramref name="transform"/>(image) (run in parallel).</summary>
    public GrayDataset Map(Func<GrayImage, GrayImage> transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var images = new GrayImage[Images.Count];
        Parallel.For(0, images.Length, i => images[i] = transform(Images[i]));
        return new GrayDataset(Items, images);
    }

    public static GrayDataset Load(string root)
    {
        var items = FolderDataset.Scan(root);
        var images = new GrayImage[items.Count];
        Parallel.For(0, items.Count, i =>
        {
            try
            {
                images[i] = ImageDecoder.LoadGray(items[i].Path);
            }
            catch (ImageDecodeException e)
            {
                throw new InvalidDataException($"Cannot read '{items[i].Path}': {e.Message}", e);
            }
        });
        return new GrayDataset(items, images);
    }
}
