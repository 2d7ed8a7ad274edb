using Siamese.Inference;

namespace Siamese.Trainer.Evaluation;

/// <summary>Runs the exported model on the same inputs as the tower: served and offline results must agree.</summary>
public static class OnnxParity
{
    public static double MaxAbsDifference(string modelPath, IReadOnlyList<float[]> inputs, IReadOnlyList<float[]> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        using var onnx = new OnnxEmbedder(modelPath);
        var actual = onnx.EmbedInputs(inputs);
        double max = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            for (var k = 0; k < actual[i].Length; k++)
            {
                max = Math.Max(max, Math.Abs(actual[i][k] - expected[i][k]));
            }
        }

        return max;
    }
}
