using Siamese.Model;

namespace Siamese.Screenshots;

/// <summary>
/// Photos for the page to enrol and identify: generated retail items (never the shared datasets, so screenshots
/// can be committed), drawn larger than the training images so a person can see them. A seed the trainer's
/// synthetic set does not use keeps every item unseen by the model.
/// </summary>
public sealed class DemoItems
{
    private readonly IReadOnlyList<IGrouping<string, LabeledImage>> _classes;

    private DemoItems(IReadOnlyList<IGrouping<string, LabeledImage>> classes) => _classes = classes;

    /// <summary>The display names given to the first items, as a shop would name its products.</summary>
    public static IReadOnlyList<string> Names { get; } = ["Tea tin", "Soap bar", "Jam jar", "Cereal box"];

    public static DemoItems Generate(string folder) =>
        new([.. SyntheticDataset.Generate(folder, classes: Names.Count, perClass: 5, seed: 20_261_130, width: 276, height: 336).GroupBy(i => i.Label)]);

    /// <summary>Photo <paramref name="index"/> (0-based) of item <paramref name="item"/>.</summary>
    public string Photo(int item, int index) => _classes[item].ElementAt(index).Path;

    public IReadOnlyList<string> Photos(int item, int count) => [.. _classes[item].Take(count).Select(i => i.Path)];
}
