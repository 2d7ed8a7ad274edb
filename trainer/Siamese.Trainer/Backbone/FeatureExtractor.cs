using Microsoft.ML.OnnxRuntime;
using Siamese.Model;
using Siamese.Trainer.Onnx;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Runs the backbone alone (<see cref="BackboneGraph.FeatureModel"/>, the very nodes the exported model starts with)
/// in ONNX Runtime: preprocessed images [N,C,224,224] → features [N,F]. Costs about 1.8 GFLOP per image, so the
/// trainer computes features once per image (and view) and caches them (<see cref="FeatureCache"/>). Each session is
/// opened on its first run, so a run whose features are all cached builds no backbone graph and opens none.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    private readonly Lazy<InferenceSession> session;
    private readonly Lazy<InferenceSession> zoomedSession;

    public FeatureExtractor(BackboneGraph backbone, int channels)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        session = new Lazy<InferenceSession>(() => Open(backbone.FeatureModel(channels)));
        zoomedSession = new Lazy<InferenceSession>(() => Open(backbone.FeatureModel(channels, zoomed: true)));
        Channels = channels;
        FeatureLength = backbone.FeatureLength;
        ZoomSide = backbone.ZoomSide;
    }

    public int Channels { get; }

    /// <summary>The side (of 224) of the served zoom this extractor's zoomed session cuts.</summary>
    public int ZoomSide { get; }

    public int FeatureLength { get; }

    /// <summary>Whether a session has been opened (a run computed features).</summary>
    internal bool Opened => session.IsValueCreated || zoomedSession.IsValueCreated;

    public static int InputLength(int channels) => channels * BackboneGraph.InputSize * BackboneGraph.InputSize;

    /// <summary>
    /// Features of <paramref name="count"/> inputs laid out [count,C,224,224] at the start of <paramref name="inputs"/>
    /// (which may hold more: a buffer reused batch after batch); with <paramref name="zoomed"/>, of their served zoom
    /// (<see cref="BackboneGraph.AddZoom"/>).
    /// </summary>
    public float[][] Run(float[] inputs, int count, bool zoomed = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var length = InputLength(Channels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count * length, inputs.Length, nameof(count));
        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputs.AsMemory(0, count * length), [count, Channels, BackboneGraph.InputSize, BackboneGraph.InputSize]);
        // Held in a variable for the whole call: a RunOptions collected (and released) mid-run crashes ONNX Runtime.
        using var runOptions = new RunOptions();
        using var outputs = (zoomed ? zoomedSession : session).Value.Run(runOptions, [ModelMetadataKeys.InputTensor], [tensor], [BackboneGraph.FeaturesValue]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = values.Slice(i * FeatureLength, FeatureLength).ToArray();
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var opened in new[] { session, zoomedSession }.Where(s => s.IsValueCreated))
        {
            opened.Value.Dispose();
        }
    }

    private static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Environment.ProcessorCount,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(model, options);
    }
}
