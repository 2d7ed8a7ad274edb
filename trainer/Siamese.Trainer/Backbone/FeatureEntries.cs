using Siamese.Model;

namespace Siamese.Trainer.Backbone;

/// <summary>What a backbone feature is used for in a run.</summary>
public enum Role
{
    /// <summary>Computed for nothing (an identity outside the split, e.g. with one image).</summary>
    None,
    Train,
    Validation,
    Test,

    /// <summary>An enrolment image (--gallery) of a test identity.</summary>
    Gallery,

    /// <summary>An enrolment image (--gallery) of a validation identity: for the validation figures that choose options, never trained on.</summary>
    ValidationGallery,

    /// <summary>A further view (mirror, zoom) of a test or gallery image: scored by <see cref="TestViewFigures"/> only.</summary>
    TestView,

    /// <summary>
    /// The served zoom (<see cref="ImageView.ServedZoom"/>) of an image the run embeds as the model serves it (with two
    /// served views): averaged into that image's embedding, never trained on.
    /// </summary>
    ServedZoom,
}

/// <summary>The images (and views) of a backbone run, in the order their features are computed and indexed.</summary>
public sealed class FeatureEntries(IReadOnlyDictionary<string, int> identityOf)
{
    private readonly List<(LabeledImage Item, int View, Role Role)> entries = [];

    public IReadOnlyList<(string Path, int View)> Requests => [.. entries.Select(e => (e.Item.Path, e.View))];

    public IReadOnlyList<int> Identities => [.. entries.Select(e => identityOf[e.Item.Label])];

    /// <summary>Adds an image's view; one with <see cref="Role.None"/> is left out (nothing to compute it for).</summary>
    public void Add(LabeledImage item, int view, Role role)
    {
        if (role != Role.None)
        {
            entries.Add((item, view, role));
        }
    }

    public IEnumerable<(LabeledImage Item, int View, Role Role)> Where(Role role) => entries.Where(e => e.Role == role);

    public int Count(Role role) => entries.Count(e => e.Role == role);

    public int[] Indices(Role role) => [.. Enumerable.Range(0, entries.Count).Where(i => entries[i].Role == role)];
}
