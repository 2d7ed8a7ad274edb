using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// With <c>--align yunet</c>, the aligned frame of a portrait often reaches past the portrait's edge (on ORL, 9% of
/// the crop on average, up to a quarter), where the crop repeats the edge; in a camera frame the same pixels show
/// the scene around the face. This fills those pixels, in half of the training images of each step, with a random
/// gray level plus noise, so the tower learns not to rely on them and scene crops embed like portrait crops.
/// Levels and choices come from the epoch's seeded <see cref="Random"/>, noise from torch's seeded generator.
/// </summary>
public sealed class SceneBorders(Tensor coverage, PixelStatistics pixels)
{
    /// <summary>Share of the images of a step whose outside pixels are replaced.</summary>
    public const double Probability = 0.5;

    /// <summary>Scene noise, in gray levels (standard deviation).</summary>
    public const float NoiseLevels = 8;

    /// <summary>[N,1,H,W] coverage of every image of the dataset (1 inside the portrait).</summary>
    public Tensor Coverage { get; } = coverage;

    /// <summary>Builds the masks for a dataset, or null when nothing lies outside any picture (no alignment).</summary>
    public static SceneBorders? For(GrayDataset dataset, PixelStatistics pixels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Coverage is not { } masks || masks.All(m => m is null || !m.Contains(0f)))
        {
            return null;
        }

        var plane = height * width;
        var all = new float[masks.Count * plane];
        for (var i = 0; i < masks.Count; i++)
        {
            if (masks[i] is { } mask)
            {
                mask.CopyTo(all, i * plane);
            }
            else
            {
                Array.Fill(all, 1f, i * plane, plane);
            }
        }

        return new SceneBorders(tensor(all, [masks.Count, 1, height, width]), pixels);
    }

    /// <param name="batch">[B,1,H,W] normalised images.</param>
    /// <param name="indices">[B] their dataset indices.</param>
    /// <param name="probability">Share of the images whose outside pixels are replaced.</param>
    /// <param name="generator">The noise's random numbers (a fit running beside others has its own); null: libtorch's global generator.</param>
    public Tensor Apply(Tensor batch, Tensor indices, Random random, double probability = Probability, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(random);
        var count = (int)batch.shape[0];
        var level = new float[count];
        var chosen = new float[count];
        for (var b = 0; b < count; b++)
        {
            chosen[b] = random.NextDouble() < probability ? 1 : 0;
            level[b] = (float)((((40 + (175 * random.NextDouble())) / 255) - pixels.Mean) / pixels.Std);
        }

        var outside = Coverage.index_select(0, indices).OneMinus() * tensor(chosen, [count, 1, 1, 1]);
        var scene = tensor(level, [count, 1, 1, 1]).Plus((generator is null ? randn_like(batch) : randn(batch.shape, batch.dtype, batch.device, generator: generator)).Times(NoiseLevels / 255 / pixels.Std));
        return (batch * outside.OneMinus()).Plus(scene * outside);
    }
}
