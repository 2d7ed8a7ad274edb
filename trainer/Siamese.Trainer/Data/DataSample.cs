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
}
