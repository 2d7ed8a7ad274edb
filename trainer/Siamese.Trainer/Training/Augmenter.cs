using Siamese.Trainer.Data;
using Siamese.Trainer.Towers;
using TorchSharp;
using static TorchSharp.torch;

namespace Siamese.Trainer.Training;

/// <summary>
/// Augments a normalised batch [B,1,H,W] on the tensor side (one affine resample for the whole batch, so it
/// costs little): shift, scale, rotation with border padding, then brightness and contrast in pixel units.
/// Parameters come from the caller's seeded <see cref="Random"/>, so runs repeat exactly.
/// </summary>
public sealed class Augmenter(AugmentOptions options, PixelStatistics pixels)
{
    public Tensor Apply(Tensor batch, Random random)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(random);
        var count = (int)batch.shape[0];
        var height = batch.shape[2];
        var width = batch.shape[3];
        var theta = new float[count * 6];
        var gain = new float[count];
        var offset = new float[count];
        for (var b = 0; b < count; b++)
        {
            var angle = Uniform(random, options.MaxRotationDegrees) * Math.PI / 180;
            var scale = 1 + Uniform(random, options.MaxScale);
            var (sin, cos) = Math.SinCos(angle);
            // affine_grid works in [-1,1] coordinates per axis: a rotation in pixels needs the aspect ratio.
            var aspect = (double)height / width;
            theta[(b * 6) + 0] = (float)(cos / scale);
            theta[(b * 6) + 1] = (float)(-sin * aspect / scale);
            theta[(b * 6) + 2] = (float)(2 * Uniform(random, options.MaxShift));
            theta[(b * 6) + 3] = (float)(sin / aspect / scale);
            theta[(b * 6) + 4] = (float)(cos / scale);
            theta[(b * 6) + 5] = (float)(2 * Uniform(random, options.MaxShift));
            if (random.NextDouble() < options.FlipProbability)
            {
                theta[(b * 6) + 0] = -theta[(b * 6) + 0];
                theta[(b * 6) + 3] = -theta[(b * 6) + 3];
            }

            // Pixel p' = c·p + β in 0..1 units; on normalised x = (p − m)/s that is c·x + (c·m − m + β)/s.
            var contrast = 1 + Uniform(random, options.MaxContrast);
            var brightness = Uniform(random, options.MaxBrightness);
            gain[b] = (float)contrast;
            offset[b] = (float)(((contrast * pixels.Mean) - pixels.Mean + brightness) / pixels.Std);
        }

        var grid = nn.functional.affine_grid(tensor(theta, [count, 2, 3]), [count, 1, height, width], align_corners: false);
        var moved = nn.functional.grid_sample(batch, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return (moved * tensor(gain, [count, 1, 1, 1])).Plus(tensor(offset, [count, 1, 1, 1]));
    }

    private static double Uniform(Random random, double limit) => ((2 * random.NextDouble()) - 1) * limit;
}
