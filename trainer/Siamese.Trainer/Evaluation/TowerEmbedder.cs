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
        var result = new float[inputs.Count][];
        tower.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < inputs.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, inputs.Count - start);
            // Straight into libtorch's memory: a managed buffer per batch was 13 MB of garbage each for backbone maps.
            var batch = empty([count, options.Channels, options.InputHeight, options.InputWidth], ScalarType.Float32);
            Training.Trainer.CopyRows(batch, inputs, start);
            var output = tower.call(batch);
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
