using Microsoft.ML.OnnxRuntime;
using Siamese.Model;
using Siamese.Trainer.Onnx;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Runs the backbone alone (<see cref="BackboneGraph.FeatureModel"/>, the very nodes the exported model starts with)
/// in ONNX Runtime: preprocessed images [N,C,224,224] → features [N,F]. Costs about 1.8 GFLOP per image, so the
/// trainer computes features once per image (and view) and caches them (<see cref="FeatureCache"/>). Each session is
/// opened on its first run, so a run whose features are all cached builds no backbone graph and opens none, and can be
/// closed once its images are done (<see cref="Close"/>). Not thread-safe: one caller at a time (the trainer's feature
/// source runs it batch after batch; ONNX Runtime spreads each batch over the cores).
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    private readonly BackboneGraph backbone;
    private InferenceSession? session;
    private InferenceSession? zoomedSession;
    private bool disposed;

    public FeatureExtractor(BackboneGraph backbone, int channels)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        this.backbone = backbone;
        Channels = channels;
        FeatureLength = backbone.FeatureLength;
        ZoomSide = backbone.ZoomSide;
        CatalogueSide = backbone.CatalogueZoom is null ? null : backbone.CatalogueSide;
    }

    public int Channels { get; }

    /// <summary>The side (of 224) of the served zoom this extractor's zoomed session cuts.</summary>
    public int ZoomSide { get; }

    /// <summary>The side (of 224) of the served zoom of an image on a plain light background, where it has one of its own (<see cref="BackboneGraph.CatalogueZoom"/>).</summary>
    public int? CatalogueSide { get; }

    public int FeatureLength { get; }

    /// <summary>Whether a session is open (a run computed features, and its session was not closed since).</summary>
    internal bool Opened => OpenCount > 0;

    /// <summary>The most sessions this extractor has held open at once (each about 0.4 GiB resident).</summary>
    internal int MostOpen { get; private set; }

    /// <summary>Whether the session of the images (<paramref name="zoomed"/> false) or of their served zoom is open.</summary>
    internal bool IsOpen(bool zoomed) => (zoomed ? zoomedSession : session) is not null;

    private int OpenCount => (session is null ? 0 : 1) + (zoomedSession is null ? 0 : 1);

    public static int InputLength(int channels) => channels * BackboneGraph.InputSize * BackboneGraph.InputSize;

    /// <summary>
    /// Features of <paramref name="count"/> inputs laid out [count,C,224,224] at the start of <paramref name="inputs"/>
    /// (which may hold more: a buffer reused batch after batch); with <paramref name="zoomed"/>, of their served zoom
    /// (<see cref="BackboneGraph.AddZoom"/>).
    /// </summary>
    public float[][] Run(float[] inputs, int count, bool zoomed = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(disposed, this);
        var length = InputLength(Channels);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)count * length, inputs.Length, nameof(count));
        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputs.AsMemory(0, count * length), [count, Channels, BackboneGraph.InputSize, BackboneGraph.InputSize]);
        // Held in a variable for the whole call: a RunOptions collected (and released) mid-run crashes ONNX Runtime.
        using var runOptions = new RunOptions();
        var opened = zoomed
            ? zoomedSession ??= Open(backbone.FeatureModel(Channels, zoomed: true))
            : session ??= Open(backbone.FeatureModel(Channels));
        MostOpen = Math.Max(MostOpen, OpenCount);
        using var outputs = opened.Run(runOptions, [ModelMetadataKeys.InputTensor], [tensor], [BackboneGraph.FeaturesValue]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var result = new float[count][];
        for (var i = 0; i < count; i++)
        {
            result[i] = values.Slice(i * FeatureLength, FeatureLength).ToArray();
        }

        return result;
    }

    /// <summary>
    /// Closes the session of the images (<paramref name="zoomed"/> false) or of their served zoom; a later run opens it
    /// again. Each holds ResNet18's weights and ONNX Runtime's buffers, about 0.4 GiB of resident memory.
    /// </summary>
    public void Close(bool zoomed)
    {
        if (zoomed)
        {
            zoomedSession?.Dispose();
            zoomedSession = null;
        }
        else
        {
            session?.Dispose();
            session = null;
        }
    }

    public void Dispose()
    {
        disposed = true;
        Close(zoomed: false);
        Close(zoomed: true);
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
