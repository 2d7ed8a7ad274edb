using System.Globalization;
using Siamese.Trainer.Evaluation;

namespace Siamese.Trainer.Training;

/// <summary>
/// What the face tower's threshold folds measured on their held-out training identities after each epoch (epoch 0:
/// the closed-form start alone): pooled pair distances (EER, threshold) and N-way one-shot episodes drawn the same way
/// at every epoch, so that epochs are compared on the same episodes. <see cref="Choose"/> picks how many epochs the
/// final tower trains: training that does not help on identities it has not seen is not kept.
/// </summary>
public sealed class FoldEpochScores
{
    /// <summary>One-shot episodes per fold and epoch.</summary>
    public const int Episodes = 1000;

    /// <summary>
    /// Held-out one-shot accuracy that training must gain over the closed-form start to be kept. Fold gains of about
    /// a point proved no guide: on ORL seeds 42 and 2, fold gains of 0.3–1.0 points (with a lower EER) came with losses
    /// of 1.5–2.4 points on the unseen test people against the start (trainer README).
    /// </summary>
    public const double AccuracyTolerance = 0.02;

    private readonly SortedDictionary<int, Scores> byEpoch = [];

    /// <summary>Scores a fold's held-out images after <paramref name="epoch"/> epochs.</summary>
    /// <param name="labels">The identity of each embedding.</param>
    /// <param name="ways">Identities per episode (capped at the fold's identities).</param>
    /// <param name="fold">The fold: its episodes are drawn from a seed of its own, the same at every epoch.</param>
    public void Add(int epoch, IReadOnlyList<float[]> embeddings, IReadOnlyList<int> labels, int ways, int fold, int seed)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        var images = Enumerable.Range(0, embeddings.Count).ToArray();
        var (genuine, impostor) = Distances.AllPairs(embeddings, labels, images);
        if (!byEpoch.TryGetValue(epoch, out var scores))
        {
            byEpoch[epoch] = scores = new Scores();
        }

        scores.Genuine.AddRange(genuine);
        scores.Impostor.AddRange(impostor);
        var set = new EmbeddedImages(embeddings, labels, images);
        ways = Math.Min(ways, set.WithTwoOrMore.Length);
        if (ways >= 2)
        {
            var oneShot = OneShotEvaluator.Evaluate(set, ways, Episodes, new Random(unchecked((seed * 31) + fold)));
            scores.Correct += oneShot.Accuracy * oneShot.Episodes;
            scores.Episodes += oneShot.Episodes;
        }
    }

    /// <summary>Adds another fold's scores, epoch by epoch (folds that ran side by side are pooled in fold order).</summary>
    public void Add(FoldEpochScores fold)
    {
        ArgumentNullException.ThrowIfNull(fold);
        foreach (var (epoch, theirs) in fold.byEpoch)
        {
            if (!byEpoch.TryGetValue(epoch, out var scores))
            {
                byEpoch[epoch] = scores = new Scores();
            }

            scores.Genuine.AddRange(theirs.Genuine);
            scores.Impostor.AddRange(theirs.Impostor);
            scores.Correct += theirs.Correct;
            scores.Episodes += theirs.Episodes;
        }
    }

    /// <summary>Epochs scored (0 = the closed-form start).</summary>
    public IReadOnlyCollection<int> Epochs => byEpoch.Keys;

    /// <summary>Pooled one-shot accuracy after this many epochs (NaN when no fold had two identities).</summary>
    public double Accuracy(int epoch) => byEpoch[epoch].Episodes == 0 ? double.NaN : byEpoch[epoch].Correct / byEpoch[epoch].Episodes;

    /// <summary>Pooled distances' figures after this many epochs.</summary>
    public ValidationResult Result(int epoch, double margin, double calibrateFar) =>
        ValidationResult.Of(byEpoch[epoch].Genuine, byEpoch[epoch].Impostor, margin, calibrateFar);

    /// <summary>The epochs to train and why (<see cref="Pick"/> on the pooled figures).</summary>
    public (int Epochs, string Reason) Choose() => Pick(Figures());

    /// <summary>The last epoch or the closed-form start, and why (<see cref="PickAll"/> on the pooled figures).</summary>
    public (int Epochs, string Reason) ChooseAll() => PickAll(Figures());

    /// <summary>Each scored epoch's pooled one-shot accuracy and EER.</summary>
    private EpochFigures[] Figures()
    {
        if (byEpoch.Count == 0)
        {
            throw new InvalidOperationException("No epoch was scored.");
        }

        return [.. byEpoch.Select(e => new EpochFigures(e.Key, Accuracy(e.Key), Roc.Eer(e.Value.Genuine, e.Value.Impostor)))];
    }

    /// <summary>
    /// The face tower with a conv companion: the whole budget (the last epoch scored), unless it does worse than the
    /// closed-form start (the first epoch scored: the maps alone) on held-out identities — lower one-shot accuracy or
    /// no lower EER — when the start is kept. No best epoch is picked among the others: the companion trains on its own
    /// schedule, as a conv tower does, and the choice is between joining it and not.
    /// </summary>
    public static (int Epochs, string Reason) PickAll(IReadOnlyList<EpochFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.Count == 0)
        {
            throw new ArgumentException("No epoch was scored.", nameof(figures));
        }

        var ordered = figures.OrderBy(f => f.Epoch).ToArray();
        var (start, last) = (ordered[0], ordered[^1]);
        var accuracyHolds = double.IsNaN(start.Accuracy) || last.Accuracy >= start.Accuracy;
        var joined = last.Epoch != start.Epoch && accuracyHolds && last.Eer < start.Eer;
        var chosen = joined ? last : start;
        var reason = string.Create(CultureInfo.InvariantCulture, $"held-out one-shot {chosen.Accuracy:P1}, EER {chosen.Eer:P1}");
        return joined
            ? (last.Epoch, reason + string.Create(CultureInfo.InvariantCulture, $" with the conv companion trained (the patch maps alone: {start.Accuracy:P1}, EER {start.Eer:P1})"))
            : (start.Epoch, reason + string.Create(CultureInfo.InvariantCulture, $" with the patch maps alone (with the conv companion after {last.Epoch} epochs: {last.Accuracy:P1}, EER {last.Eer:P1}, no better: it is left out)"));
    }

    /// <summary>
    /// The closed-form start (the first epoch scored) unless training clearly beats it on held-out identities: its best
    /// epoch (highest one-shot accuracy, the fewest epochs among equals) is kept only when it gains more than
    /// <see cref="AccuracyTolerance"/> and lowers the EER. Without one-shot figures (folds of one identity), the lowest EER.
    /// </summary>
    public static (int Epochs, string Reason) Pick(IReadOnlyList<EpochFigures> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (figures.Count == 0)
        {
            throw new ArgumentException("No epoch was scored.", nameof(figures));
        }

        var ordered = figures.OrderBy(f => f.Epoch).ToArray();
        var start = ordered[0];
        if (ordered.All(f => double.IsNaN(f.Accuracy)))
        {
            var lowest = ordered.MinBy(f => f.Eer)!;
            return (lowest.Epoch, string.Create(CultureInfo.InvariantCulture, $"lowest held-out EER ({lowest.Eer:P1}; too few identities per fold for one-shot episodes)"));
        }

        var best = ordered.MaxBy(f => f.Accuracy)!;
        var trained = best.Accuracy - start.Accuracy > AccuracyTolerance && best.Eer < start.Eer;
        var chosen = trained ? best : start;
        var reason = string.Create(CultureInfo.InvariantCulture, $"held-out one-shot {chosen.Accuracy:P1}, EER {chosen.Eer:P1}");
        if (best.Epoch == start.Epoch)
        {
            return (start.Epoch, reason + $" (no epoch of training did better, epochs {start.Epoch}–{ordered[^1].Epoch})");
        }

        return trained
            ? (best.Epoch, reason + string.Create(CultureInfo.InvariantCulture, $" (the best epoch; the closed-form start: {start.Accuracy:P1}, EER {start.Eer:P1})"))
            : (start.Epoch, reason + string.Create(CultureInfo.InvariantCulture, $" (the best, epoch {best.Epoch}: {best.Accuracy:P1}, EER {best.Eer:P1}, does not gain more than {AccuracyTolerance:P0} with a lower EER: the closed-form start is kept)"));
    }

    /// <summary>One line per epoch for the run's log.</summary>
    public IEnumerable<string> Table() => byEpoch.Select(e => string.Create(
        CultureInfo.InvariantCulture,
        $"  epoch {e.Key,2}: held-out one-shot {Accuracy(e.Key),6:P1}, EER {Roc.Eer(e.Value.Genuine, e.Value.Impostor),6:P1}, AUC {Roc.Auc(e.Value.Genuine, e.Value.Impostor):F4}"));

    private sealed class Scores
    {
        public List<float> Genuine { get; } = [];

        public List<float> Impostor { get; } = [];

        public double Correct { get; set; }

        public int Episodes { get; set; }
    }
}
