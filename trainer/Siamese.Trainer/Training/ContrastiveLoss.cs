using Siamese.Trainer.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// Contrastive loss on Euclidean distance (Hadsell, Chopra, LeCun 2006, in the form of the classic Keras example):
/// mean over pairs of y·d² + (1 − y)·max(margin − d, 0)², y = 1 for genuine pairs.
/// </summary>
public static class ContrastiveLoss
{
    // Every number handed to libtorch is a Scalar held until the call returns (HeldScalars says why).
    private const double Floor = 1e-12;

    /// <summary>Row-wise Euclidean distance; the floor keeps the gradient of √ finite for identical vectors.</summary>
    public static Tensor Distance(Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        using var floor = Floor.ToScalar();
        return (first - second).Squared().sum(1).clamp_min(floor).sqrt();
    }

    /// <param name="distance">[N] pair distances.</param>
    /// <param name="genuine">[N] 1 for genuine pairs, 0 for impostors.</param>
    /// <param name="margin">Impostor pairs farther apart than this cost nothing.</param>
    public static Tensor Compute(Tensor distance, Tensor genuine, double margin)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(margin);
        using var one = 1.0.ToScalar();
        using var zero = 0.0.ToScalar();
        using var m = margin.ToScalar();
        var pull = genuine * distance.Squared();
        var push = genuine.neg().Plus(one) * distance.neg().Plus(m).clamp_min(zero).Squared();
        return pull.Plus(push).mean();
    }

    /// <summary>
    /// The loss over every pair of a batch: mean over genuine pairs of max(d − positiveMargin, 0)² (d² with the
    /// default 0) plus mean over impostor pairs of max(margin − d, 0)², halved, so both kinds weigh the same however
    /// many of each the batch holds. A positive margin leaves genuine pairs that are already close alone (the double
    /// margin form of the contrastive loss), so training from a good start moves only the pairs on the wrong side.
    /// </summary>
    /// <param name="embeddings">[N,D].</param>
    /// <param name="identities">[N] identity of each row.</param>
    public static Tensor AllPairs(Tensor embeddings, Tensor identities, double margin, double positiveMargin = 0)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(identities);
        using var zero = 0.0.ToScalar();
        using var one = 1.0.ToScalar();
        using var two = 2.0.ToScalar();
        using var floor = Floor.ToScalar();
        using var m = margin.ToScalar();
        using var positiveM = positiveMargin.ToScalar();
        var n = embeddings.shape[0];
        var squared = embeddings.Squared().sum(1);
        var distance = (squared.unsqueeze(1).Plus(squared.unsqueeze(0)) - embeddings.matmul(embeddings.t()).mul(two)).clamp_min(floor).sqrt();
        var upper = ones(n, n, dtype: ScalarType.Bool).triu(1);
        var same = identities.unsqueeze(1).eq(identities.unsqueeze(0));
        var genuine = (same & upper).to_type(ScalarType.Float32);
        var impostor = (same.logical_not() & upper).to_type(ScalarType.Float32);
        var pull = (genuine * distance.sub(positiveM).clamp_min(zero).Squared()).sum() / genuine.sum().clamp_min(one);
        var push = (impostor * distance.neg().Plus(m).clamp_min(zero).Squared()).sum() / impostor.sum().clamp_min(one);
        return pull.Plus(push).div(two);
    }

    /// <summary>
    /// Supervised contrastive loss on unit vectors: for each anchor, −mean over its positives p of
    /// log(exp(s_p/τ) / Σ_{a≠anchor} exp(s_a/τ)), s = cosine similarity = 1 − d²/2; mean over anchors with a positive.
    /// </summary>
    /// <param name="embeddings">[N,D], rows of unit length.</param>
    /// <param name="identities">[N] identity of each row.</param>
    public static Tensor SupervisedContrastive(Tensor embeddings, Tensor identities, double temperature)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var zero = 0.0.ToScalar();
        using var one = 1.0.ToScalar();
        using var t = temperature.ToScalar();
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        var n = embeddings.shape[0];
        var self = eye(n, dtype: ScalarType.Bool);
        var logits = embeddings.matmul(embeddings.t()).div(t);
        logits = logits.masked_fill(self, minusInfinity);
        var logProbability = logits - logits.logsumexp(1, keepdim: true);
        var positive = identities.unsqueeze(1).eq(identities.unsqueeze(0)) & self.logical_not();
        var positiveFloat = positive.to_type(ScalarType.Float32);
        var count = positiveFloat.sum(1);
        var perAnchor = -(logProbability.masked_fill(positive.logical_not(), zero) * positiveFloat).sum(1) / count.clamp_min(one);
        var has = count.gt(zero).to_type(ScalarType.Float32);
        return (perAnchor * has).sum() / has.sum().clamp_min(one);
    }

    /// <summary>
    /// Multi-similarity loss (Wang et al. 2019) on unit vectors, with its pair mining: s = cosine similarity; for
    /// anchor i, positives with s &lt; max negative s + ε and negatives with s &gt; min positive s − ε count;
    /// (1/α)·log(1 + Σ exp(−α(s_p − λ))) + (1/β)·log(1 + Σ exp(β(s_n − λ))), mean over anchors.
    /// </summary>
    /// <param name="embeddings">[N,D], rows of unit length.</param>
    /// <param name="identities">[N] identity of each row.</param>
    public static Tensor MultiSimilarity(Tensor embeddings, Tensor identities, double alpha = 2, double beta = 50, double lambda = 0.5, double epsilon = 0.1)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(identities);
        using var plusInfinity = double.PositiveInfinity.ToScalar();
        using var minusInfinity = double.NegativeInfinity.ToScalar();
        using var e = epsilon.ToScalar();
        using var l = lambda.ToScalar();
        using var minusAlpha = (-alpha).ToScalar();
        using var b = beta.ToScalar();
        using var a = alpha.ToScalar();
        var n = embeddings.shape[0];
        var similarity = embeddings.matmul(embeddings.t());
        var self = eye(n, dtype: ScalarType.Bool);
        var same = identities.unsqueeze(1).eq(identities.unsqueeze(0));
        var positive = same & self.logical_not();
        var negative = same.logical_not();
        using (no_grad())
        {
            var hardestPositive = similarity.masked_fill(positive.logical_not(), plusInfinity).amin([1L], keepdim: true);
            var hardestNegative = similarity.masked_fill(negative.logical_not(), minusInfinity).amax([1L], keepdim: true);
            positive = positive & similarity.sub(e).lt(hardestNegative);
            negative = negative & similarity.Plus(e).gt(hardestPositive);
        }

        var pull = (similarity.sub(l).mul(minusAlpha).exp() * positive.to_type(ScalarType.Float32)).sum(1).log1p().div(a);
        var push = (similarity.sub(l).mul(b).exp() * negative.to_type(ScalarType.Float32)).sum(1).log1p().div(b);
        return pull.Plus(push).mean();
    }

    /// <summary>The same loss on plain numbers, with genuine and impostor pairs weighted equally (validation monitor).</summary>
    public static double Balanced(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, double margin)
    {
        ArgumentNullException.ThrowIfNull(genuine);
        ArgumentNullException.ThrowIfNull(impostor);
        var pull = genuine.Count == 0 ? 0 : genuine.Average(d => (double)d * d);
        var push = impostor.Count == 0 ? 0 : impostor.Average(d => Math.Pow(Math.Max(margin - d, 0), 2));
        return (pull + push) / 2;
    }
}
