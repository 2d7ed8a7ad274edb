using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Starts the backbone head from a closed-form fit instead of random weights: on the unit-length training features,
/// principal components, then whitening of the within-identity scatter (the patch tower's fit, <see cref="PatchFit"/>,
/// with one patch) — what varies between photos of one item (light, background, angle) shrinks, what separates items
/// keeps its length. The contrastive-family training then starts from there. With 33 training classes a randomly
/// initialised linear map has to find those directions from pairs alone (trainer README: figures).
/// </summary>
public static class BackboneHeadFit
{
    public static void Fit(BackboneTower head, IReadOnlyList<float[]> features, IReadOnlyList<int> identities, double regularisation = PatchFit.Regularisation)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(identities);
        var labels = identities.Distinct().ToArray();
        if (labels.Length < 2 || features.Count <= labels.Length)
        {
            throw new ArgumentException($"The head fit needs at least two identities and more images than identities (got {labels.Length}, {features.Count}).", nameof(identities));
        }

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var raw = tensor([.. features.SelectMany(f => f)], [features.Count, head.FeatureLength]).to_type(ScalarType.Float64);
        var unit = nn.functional.normalize(raw, p: 2, dim: 1, eps: 1e-12);
        var (mean, projection) = PatchFit.FitPatch(unit, PatchFit.OneHot(identities, labels), head.EmbeddingDimension, regularisation);
        var weight = zeros(head.EmbeddingDimension, head.FeatureLength, ScalarType.Float64);
        var columns = projection.shape[1];
        weight.narrow(0, 0, columns).copy_(projection.t());
        var bias = zeros(head.EmbeddingDimension, ScalarType.Float64);
        bias.narrow(0, 0, columns).copy_(-mean.matmul(projection));
        head.SetProjection(weight, bias);
    }
}
