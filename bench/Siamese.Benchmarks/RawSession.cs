using Microsoft.ML.OnnxRuntime;

namespace Siamese.Benchmarks;

/// <summary>
/// Raw ONNX Runtime on one fixed input named "input": no decode, no input filling, no post-processing — the
/// ceiling a detector's own path is compared with. Session options as the detectors' (threads, full graph optimisation).
/// </summary>
internal sealed class RawSession : IDisposable
{
    private static readonly string[] Inputs = ["input"];
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly OrtValue _tensor;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _outputs;

    public RawSession(string model, int threads, float[] input, long[] shape, string[] outputs)
    {
        _options = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
        };
        _session = new InferenceSession(model, _options);
        _tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        _outputs = outputs;
    }

    public void Run()
    {
        using var result = _session.Run(_runOptions, Inputs, [_tensor], _outputs);
    }

    public void Dispose()
    {
        _tensor.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
