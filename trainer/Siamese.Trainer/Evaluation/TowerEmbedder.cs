using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Evaluation;

/// <summary>Runs a TorchSharp tower in eval mode, without gradients, in batches. Leaves the tower in eval mode.</summary>
public sealed class TowerEmbedder(Tower tower, int batchSize = 128) : IInputEmbedder
{
    public float[][] Embed(IReadOnlyList<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var options = tower.Options;
        var plane = options.Channels * options.InputHeight * options.InputWidth;
        var result = new float[inputs.Count][];
        tower.eval();
        using var noGrad = no_grad();
        // One buffer for every batch: a new one each was 13 MB of garbage per batch of backbone maps.
        var buffer = new float[Math.Min(batchSize, Math.Max(1, inputs.Count)) * plane];
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, inputs.Count - start);
            var output = tower.call(Training.Trainer.Rows(inputs, start, count, buffer, [options.Channels, options.InputHeight, options.InputWidth]));
            var values = output.data<float>().ToArray();
            var dimension = (int)output.shape[1];
            for (var k = 0; k < count; k++)
            {
                result[start + k] = values.AsSpan(k * dimension, dimension).ToArray();
            }
        }

        return result;
    }
}
