using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Towers;

/// <summary>
/// Fits <see cref="PatchWhitening"/> in closed form from labelled images (Fisher-style "within-class whitening"):
/// for each patch, centre its pixels (a binned patch's block averages, <see cref="PatchRegion.Bin"/>), keep the top k principal components, then scale the within-identity scatter
/// in that subspace (eigen-decomposition S_w + λ·tr(S_w)/k·I = V·diag(e)·Vᵀ, map V·diag(e^−p)) with p =
/// <see cref="WithinPower"/>. Differences between images of one person — lighting, expression, small pose changes —
/// are then scaled down, while directions that separate people keep their length, so Euclidean distance between
/// normalised patch vectors becomes an identity distance.
/// Deterministic: plain float64 linear algebra, no random state.
/// </summary>
public static class PatchFit
{
    /// <summary>λ: the ridge added to the within-identity scatter, relative to its mean eigenvalue.</summary>
    public const double Regularisation = 0.05;

    /// <summary>
    /// p: each within-identity direction is divided by its variance to the power p.
    /// 0.5 is plain whitening (unit within-identity variance); 0.8 shrinks the directions along which one person's
    /// photos vary more than whitening does. Chosen by the cross-validated EER over training identities (ORL seeds
    /// 7–12, Yale seeds 7–9, 42×35 faces; trainer README): 0.35: 6.90 / 9.53%, 0.5: 6.02 / 7.57%, 0.65: 5.90 / 7.33%,
    /// 0.8: 5.90 / 7.17%, 1.0: 6.08 / 7.33%, 1.25: 6.37 / 7.47%.
    /// </summary>
    public const double WithinPower = 0.8;

    /// <param name="tower">Its projection is replaced.</param>
    /// <param name="images">[N,1,H,W] normalised inputs.</param>
    /// <param name="identities">Identity of each image (any labels; at least two identities).</param>
    public static void Fit(PatchTower tower, Tensor images, IReadOnlyList<int> identities, double regularisation = Regularisation)
    {
        ArgumentNullException.ThrowIfNull(tower);
        Fit(tower.Whitening, images, identities, regularisation);
    }

    /// <param name="whitening">Its maps are replaced by the fit.</param>
    /// <param name="images">[N,1,H,W] normalised inputs.</param>
    /// <param name="identities">Identity of each image (any labels; at least two identities).</param>
    /// <param name="regularisation">λ (<see cref="Regularisation"/>).</param>
    public static void Fit(PatchWhitening whitening, Tensor images, IReadOnlyList<int> identities, double regularisation = Regularisation)
    {
        ArgumentNullException.ThrowIfNull(whitening);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(identities);
        var count = (int)images.shape[0];
        if (identities.Count != count)
        {
            throw new ArgumentException($"{count} images but {identities.Count} identity labels.", nameof(identities));
        }

        var labels = identities.Distinct().ToArray();
        if (labels.Length < 2 || count <= labels.Length)
        {
            throw new ArgumentException($"The patch tower needs at least two identities and more images than identities to fit (got {labels.Length} identities, {count} images).", nameof(identities));
        }

        var k = whitening.PatchDimension;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pixels = images.reshape(count, -1).to_type(ScalarType.Float64);
        var membership = OneHot(identities, labels);
        var weight = zeros(whitening.Height * whitening.Width, whitening.OutputDimension, ScalarType.Float64);
        var bias = zeros(whitening.OutputDimension, ScalarType.Float64);
        for (var p = 0; p < whitening.Patches.Count; p++)
        {
            var region = whitening.Patches[p];
            var indices = tensor(region.PixelIndices(whitening.Width));
            var patch = pixels.index_select(1, indices);
            var (mean, projection) = FitPatch(region.Bin == 1 ? patch : Binned(patch, region), membership, k, regularisation, WithinPower);
            var columns = (int)projection.shape[1];
            bias.narrow(0, (long)p * k, columns).copy_(-mean.matmul(projection));
            if (region.Bin > 1)
            {
                // Averaging a block's b² pixels and then projecting is the block's row of the map on each pixel, / b².
                projection = projection.index_select(0, tensor(region.BlockIndices())).DividedBy(region.Bin * region.Bin);
            }

            weight.narrow(1, (long)p * k, columns).index_copy_(0, indices, projection);
        }

        whitening.SetWeights(weight, bias);
    }

    /// <summary>A binned region's pixels [N, h·w] (row-major) as its block averages [N, (h/b)·(w/b)].</summary>
    internal static Tensor Binned(Tensor patch, PatchRegion region)
    {
        var b = region.Bin;
        return patch.reshape(patch.shape[0], region.Height / b, b, region.Width / b, b).mean([2L, 4L]).reshape(patch.shape[0], region.FitLength);
    }

    /// <param name="power">p of <see cref="WithinPower"/>; 0.5, plain whitening, for the backbone head's start.</param>
    /// <returns>The patch's mean [d] and its projection [d, m], m ≤ k (fewer when the data has fewer components).</returns>
    internal static (Tensor Mean, Tensor Projection) FitPatch(Tensor patch, Tensor membership, int k, double regularisation, double power = 0.5)
    {
        var mean = patch.mean([0]);
        var centred = patch - mean;
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        var m = (int)Math.Min(k, vh.shape[0]);
        var components = vh.narrow(0, 0, m).t();
        var scores = centred.matmul(components);

        // Within-identity scatter: subtract each identity's mean score.
        using var atLeastOne = 1.ToScalar();
        var counts = membership.sum([0L]).clamp_min(atLeastOne);
        var identityMeans = membership.t().matmul(scores) / counts.unsqueeze(1);
        var within = scores - membership.matmul(identityMeans);
        var scatter = within.t().matmul(within).DividedBy(scores.shape[0]);
        var ridge = Math.Max(regularisation * scatter.trace().item<double>() / m, 1e-9);
        scatter = scatter.Plus(eye(m, dtype: ScalarType.Float64).Times(ridge));

        var (eigenvalues, eigenvectors) = linalg.eigh(scatter);
        using var exponent = power.ToScalar();
        return (mean, components.matmul(eigenvectors / eigenvalues.pow(exponent).unsqueeze(0)));
    }

    internal static Tensor OneHot(IReadOnlyList<int> identities, int[] labels)
    {
        var column = labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var values = new double[identities.Count * labels.Length];
        for (var i = 0; i < identities.Count; i++)
        {
            values[(i * labels.Length) + column[identities[i]]] = 1;
        }

        return tensor(values, [identities.Count, labels.Length]);
    }
}
