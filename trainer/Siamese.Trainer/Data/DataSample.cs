using Siamese.Imaging;
using Siamese.Model;

namespace Siamese.Trainer.Data;

/// <summary>A few items spread evenly over a dataset, for the probes that look at the data before a run chooses.</summary>
public static class DataSample
{
    /// <summary>At most <paramref name="count"/> items: the first, then every (Count / count)-th, in order.</summary>
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        var step = Math.Max(1, items.Count / count);
        return [.. Enumerable.Range(0, items.Count).Where(i => i % step == 0).Take(count).Select(i => items[i])];
    }

    /// <summary>
    /// At most <paramref name="count"/> of a folder's images (<see cref="FolderDataset.Scan"/>, spread as
    /// <see cref="Spread{T}"/>), in gray, for the probes that choose a run's defaults. An image that cannot be read is
    /// left out: the run itself names it.
    /// </summary>
    public static IReadOnlyList<GrayImage> LoadGray(string folder, int count)
    {
        var images = new List<GrayImage>();
        foreach (var item in Spread(FolderDataset.Scan(folder), count))
        {
            try
            {
                images.Add(ImageFiles.LoadGray(item.Path));
            }
            catch (InvalidDataException)
            {
            }
        }

        return images;
    }
}
