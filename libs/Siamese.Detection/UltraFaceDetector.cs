using Microsoft.ML.OnnxRuntime;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// UltraFace RFB-320 in ONNX Runtime, with the pre/post-processing of the upstream demo (shared/models/README.md):
/// RGB stretched to the network input (320×240), (p − 127) / 128, NCHW; face score &gt; threshold, boxes already
/// decoded (corner form, 0..1) scaled to the image, hard NMS. Thread-safe.
/// </summary>
public sealed class UltraFaceDetector : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames = ["input"];
    private readonly string[] _outputNames = ["scores", "boxes"];

    public UltraFaceDetector(string modelPath, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        using var options = new SessionOptions
        {
            // The IR-4 files list weights as graph inputs; ONNX Runtime warns once per weight otherwise.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(0, intraOpThreads),
        };
        _session = new InferenceSession(modelPath, options);
        var dims = _session.InputMetadata["input"].Dimensions;
        if (dims.Length != 4 || dims[1] != 3 || dims[2] <= 0 || dims[3] <= 0)
        {
            _session.Dispose();
            throw new InvalidDataException($"'{modelPath}' is not an UltraFace model with a fixed [1,3,H,W] input.");
        }

        InputHeight = dims[2];
        InputWidth = dims[3];
        Name = $"ultraface-{Path.GetFileNameWithoutExtension(modelPath).Replace("version-", "", StringComparison.Ordinal).ToLowerInvariant()}";
    }

    public string Name { get; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>Faces, highest score first, in pixels of <paramref name="image"/>.</summary>
    public IReadOnlyList<ScoredBox> Detect(RgbImage image, float scoreThreshold = 0.7f, float iouThreshold = 0.3f, int maxCandidates = 200)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = new float[3 * InputHeight * InputWidth];
        WriteInput(image, input);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, InputHeight, InputWidth]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [tensor], _outputNames);
        return Decode(outputs[0].GetTensorDataAsSpan<float>(), outputs[1].GetTensorDataAsSpan<float>(),
            image.Width, image.Height, scoreThreshold, iouThreshold, maxCandidates);
    }

    /// <summary>Runs the network alone on a prepared input (for the raw-runtime benchmark).</summary>
    public void RunRaw(float[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, InputHeight, InputWidth]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [tensor], _outputNames);
    }

    /// <summary>Bilinear stretch to the network input (pixel centres aligned, as cv2.resize) straight into NCHW.</summary>
    public void WriteInput(RgbImage image, Span<float> input)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = InputWidth * InputHeight;
        var rgb = image.Rgb;
        var sx = (float)image.Width / InputWidth;
        var sy = (float)image.Height / InputHeight;
        var identity = image.Width == InputWidth && image.Height == InputHeight;
        for (var y = 0; y < InputHeight; y++)
        {
            var fy = Math.Clamp(((y + 0.5f) * sy) - 0.5f, 0, image.Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, image.Height - 1);
            var wy = fy - y0;
            for (var x = 0; x < InputWidth; x++)
            {
                var o = (y * InputWidth) + x;
                if (identity)
                {
                    var s = o * 3;
                    input[o] = (rgb[s] - 127f) / 128f;
                    input[plane + o] = (rgb[s + 1] - 127f) / 128f;
                    input[(2 * plane) + o] = (rgb[s + 2] - 127f) / 128f;
                    continue;
                }

                var fx = Math.Clamp(((x + 0.5f) * sx) - 0.5f, 0, image.Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, image.Width - 1);
                var wx = fx - x0;
                for (var c = 0; c < 3; c++)
                {
                    var top = (rgb[(((y0 * image.Width) + x0) * 3) + c] * (1 - wx)) + (rgb[(((y0 * image.Width) + x1) * 3) + c] * wx);
                    var bottom = (rgb[(((y1 * image.Width) + x0) * 3) + c] * (1 - wx)) + (rgb[(((y1 * image.Width) + x1) * 3) + c] * wx);
                    input[(c * plane) + o] = ((top * (1 - wy)) + (bottom * wy) - 127f) / 128f;
                }
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private static List<ScoredBox> Decode(ReadOnlySpan<float> scores, ReadOnlySpan<float> boxes, int width, int height,
        float scoreThreshold, float iouThreshold, int maxCandidates)
    {
        var candidates = new List<ScoredBox>();
        var anchors = scores.Length / 2;
        for (var i = 0; i < anchors; i++)
        {
            var score = scores[(2 * i) + 1];
            if (score > scoreThreshold)
            {
                var b = boxes.Slice(4 * i, 4);
                candidates.Add(new ScoredBox(Nms.Round(b[0] * width, b[1] * height, b[2] * width, b[3] * height), score));
            }
        }

        return [.. Nms.Apply(candidates, c => c.Box, c => c.Score, iouThreshold, maxCandidates)
            .Select(c => c with { Box = c.Box.ClampTo(width, height) })
            .Where(c => c.Box.Width > 0 && c.Box.Height > 0)];
    }
}
