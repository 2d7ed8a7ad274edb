using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Siamese.Onnx.Proto;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Features the package's way: its two files run one after the other, batch 1, on 0–255 RGB — the reference the
/// merged graph (<see cref="BackboneGraph"/>) must reproduce. For features of several stages
/// (<see cref="RunStages"/>) the network also gives every Relu's value, and a stage is the last of each resolution:
/// found by shape here, by the downsampling convolutions there, so the two do not share a mistake.
/// </summary>
public sealed class PackageFeatures : IDisposable
{
    private readonly InferenceSession preprocess;
    private readonly InferenceSession network;
    private readonly Lazy<InferenceSession> everyRelu;
    private readonly string[] reluValues;

    public PackageFeatures(ResNet18Files files)
    {
        ArgumentNullException.ThrowIfNull(files);
        preprocess = new InferenceSession(files.Preprocess);
        network = new InferenceSession(files.Network);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(files.Network));
        reluValues = [.. model.Graph.Node.Where(n => n.OpType == "Relu").Select(n => n.Output[0])];
        foreach (var value in reluValues)
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = value,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        everyRelu = new Lazy<InferenceSession>(() => new InferenceSession(model.ToByteArray()));
    }

    /// <param name="rgb">One input [3,224,224], R, G, B planes, values pixel/255 (what the trainer's preprocessor writes).</param>
    public float[] Run(float[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        using var runOptions = new RunOptions();
        using var prepared = Prepare(rgb, runOptions);
        using var features = network.Run(runOptions, [network.InputNames[0]], [prepared[0]], [network.OutputNames[0]]);
        return features[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// What <see cref="BackboneGraph.Stages"/> = <paramref name="stages"/> gives: the pooled last block, then the
    /// average of the last Relu of each earlier resolution (latest first, the stem's excluded), each at unit length;
    /// with a <paramref name="pooling"/> that reads the map (attention, both), the last Relu's whole map [512·7·7] in
    /// place of the pooled block.
    /// </summary>
    public float[] RunStages(float[] rgb, int stages, BackbonePooling pooling = BackbonePooling.Average)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        var parts = new List<float[]>();
        using var runOptions = new RunOptions();
        using var prepared = Prepare(rgb, runOptions);
        using var values = everyRelu.Value.Run(runOptions, [network.InputNames[0]], [prepared[0]], reluValues);
        var lastOfEachSize = new List<(long Side, float[] Pooled)>();
        foreach (var value in values)
        {
            var shape = value.GetTensorTypeAndShape().Shape; // [1, C, H, W]
            var map = value.GetTensorDataAsSpan<float>();
            var pooled = new float[shape[1]];
            var area = (int)(shape[2] * shape[3]);
            for (var c = 0; c < pooled.Length; c++)
            {
                double sum = 0;
                foreach (var v in map.Slice(c * area, area))
                {
                    sum += v;
                }

                pooled[c] = (float)(sum / area);
            }

            if (lastOfEachSize.Count > 0 && lastOfEachSize[^1].Side == shape[2])
            {
                lastOfEachSize[^1] = (shape[2], pooled);
            }
            else
            {
                lastOfEachSize.Add((shape[2], pooled));
            }
        }

        // The last Relu is the last block's map: as it is for a head that pools it, the package's own pooling of it otherwise.
        parts.Add(pooling.ReadsMap() ? values[values.Count - 1].GetTensorDataAsSpan<float>().ToArray() : Unit(Run(rgb)));

        // Resolutions in order: stem, then one per stage; the last is the block the package pools itself.
        var earlier = lastOfEachSize.Skip(1).SkipLast(1).Reverse().Take(stages - 1).Select(s => Unit(s.Pooled));
        return [.. parts.Concat(earlier).SelectMany(p => p)];
    }

    public void Dispose()
    {
        preprocess.Dispose();
        network.Dispose();
        if (everyRelu.IsValueCreated)
        {
            everyRelu.Value.Dispose();
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Prepare(float[] rgb, RunOptions runOptions)
    {
        var pixels = rgb.Select(v => v * 255f).ToArray();
        long[] shape = [1, 3, BackboneGraph.InputSize, BackboneGraph.InputSize];
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        return preprocess.Run(runOptions, [preprocess.InputNames[0]], [input], [preprocess.OutputNames[0]]);
    }

    private static float[] Unit(float[] values)
    {
        var norm = Math.Sqrt(values.Sum(v => (double)v * v));
        return [.. values.Select(v => (float)(v / Math.Max(norm, 1e-12)))];
    }
}
