using Microsoft.ML.OnnxRuntime;
using Siamese.Trainer.Onnx;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Features the package's way: its two files run one after the other, batch 1, on 0–255 RGB — the reference the
/// merged graph (<see cref="BackboneGraph"/>) must reproduce.
/// </summary>
public sealed class PackageFeatures : IDisposable
{
    private readonly InferenceSession preprocess;
    private readonly InferenceSession network;

    public PackageFeatures(ResNet18Files files)
    {
        ArgumentNullException.ThrowIfNull(files);
        preprocess = new InferenceSession(files.Preprocess);
        network = new InferenceSession(files.Network);
    }

    /// <param name="rgb">One input [3,224,224], R, G, B planes, values pixel/255 (what the trainer's preprocessor writes).</param>
    public float[] Run(float[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        var pixels = rgb.Select(v => v * 255f).ToArray();
        long[] shape = [1, 3, BackboneGraph.InputSize, BackboneGraph.InputSize];
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        using var runOptions = new RunOptions();
        using var prepared = preprocess.Run(runOptions, [preprocess.InputNames[0]], [input], [preprocess.OutputNames[0]]);
        using var features = network.Run(runOptions, [network.InputNames[0]], [prepared[0]], [network.OutputNames[0]]);
        return features[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        preprocess.Dispose();
        network.Dispose();
    }
}
