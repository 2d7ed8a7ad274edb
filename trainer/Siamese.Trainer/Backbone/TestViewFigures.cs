using System.Globalization;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Backbone;

/// <summary>One set of views scored by <see cref="TestViewFigures"/>.</summary>
/// <param name="Views">The views averaged: <c>mirror</c>, <c>zoom</c> or <c>all</c> (<see cref="ImageView"/>).</param>
/// <param name="BackbonePasses">Backbone passes per embedded image: the serving cost against 1 for the image alone.</param>
/// <param name="OneShot">The report's one-shot test, same draws, on the view-averaged embeddings.</param>
/// <param name="Gallery">The report's gallery test, same draws; null without --gallery.</param>
public sealed record TestViewFigure(string Views, int BackbonePasses, OneShotResult OneShot, OneShotResult? Gallery);

/// <summary>
/// What test-time augmentation would give: the test and gallery images embedded as the unit-length mean of the head's
/// embeddings of several of their views (<see cref="ImageView"/>), scored with the same draws as the report's own
/// figures, so that each difference is paired. Offline only, from the head's embedding of each view (views cut from
/// the decoded image); what the model serves is <see cref="Training.TrainOptions.ServedViews"/>.
/// </summary>
public static class TestViewFigures
{
    private static readonly (string Name, int[] Views)[] Sets = [("mirror", [0, 1]), ("zoom", [0, 2]), ("all", [0, 1, 2, 3])];

    /// <param name="oneShotWays">The ways of the report's one-shot test.</param>
    public static IReadOnlyList<TestViewFigure> Evaluate(FeatureEntries entries, float[][] embeddings, IReadOnlyList<int> ids, int oneShotWays, TrainOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var requests = entries.Requests;
        var index = Enumerable.Range(0, requests.Count).ToDictionary(i => requests[i]);
        var figures = new List<TestViewFigure>();
        foreach (var (name, views) in Sets)
        {
            var averaged = (float[][])embeddings.Clone();
            foreach (var (item, _, _) in entries.Where(Role.Test).Concat(entries.Where(Role.Gallery)))
            {
                var indices = views.Select(v => index[(item.Path, v)]).ToArray();
                averaged[indices[0]] = BackboneTraining.UnitMean([.. indices.Select(i => embeddings[i])]);
            }

            var (oneShot, gallery) = BackboneTraining.SameDraws(averaged, ids, entries, oneShotWays, options);
            figures.Add(new TestViewFigure(name, views.Length, oneShot, gallery));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Test images as the mean of views '{name}' ({views.Length} backbone passes each): one-shot {oneShot.Ways}-way {oneShot.Accuracy:P1}") +
                (gallery is null ? "." : string.Create(CultureInfo.InvariantCulture, $", against the gallery {gallery.Accuracy:P1}.")));
        }

        return figures;
    }
}
