using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using Siamese.Imaging;
using Siamese.Inference;

namespace Siamese.Detection;

/// <summary>
/// YuNet (<c>yunet_s_dynamic.onnx</c>) in ONNX Runtime with OpenCV's <c>FaceDetectorYN</c> pre/post-processing
/// (shared/models/README.md §2): BGR, raw 0..255, no resize, zero-padded at the right and bottom to multiples
/// of 32; per stride 8/16/32 score = √(cls·obj), box and landmarks decoded from the grid cell; NMS.
/// Coordinates come out in pixels of the input image. Thread-safe: concurrent <c>Detect</c> calls share one session.
/// </summary>
public sealed class YuNetDetector : IDisposable
{
    private static readonly int[] Strides = [8, 16, 32];
    private static readonly string[] InputNames = ["input"];
    private static readonly string[] OutputNames =
        [.. Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}", $"kps_{s}" })];

    private readonly InferenceSession _session;

    /// <param name="modelPath">The dynamic-shape YuNet file (<c>yunet/yunet_s_dynamic.onnx</c>).</param>
    /// <param name="provider">Execution provider; falls back to the CPU with <see cref="FallbackReason"/> when absent.</param>
    /// <param name="intraOpThreads">Threads per run; 1 lets several frames run side by side, 0 = one per core.</param>
    public YuNetDetector(string modelPath, ExecutionProvider provider = ExecutionProvider.Cpu, int intraOpThreads = 1)
    {
        var created = InferenceSessionFactory.Create(modelPath, provider, intraOpThreads);
        _session = created.Session;
        FallbackReason = created.FallbackReason;
        var missing = OutputNames.Where(n => !_session.OutputMetadata.ContainsKey(n)).ToList();
        var dims = _session.InputMetadata.TryGetValue("input", out var input) ? input.Dimensions : [];
        if (missing.Count > 0 || dims.Length != 4 || dims[1] != 3 || dims[2] > 0 || dims[3] > 0)
        {
            _session.Dispose();
            throw new InvalidDataException(
                $"'{modelPath}' is not the dynamic YuNet model: expected input 'input' [N,3,H,W] with dynamic H and W and outputs " +
                $"{string.Join(", ", OutputNames)}{(missing.Count > 0 ? $" (missing {string.Join(", ", missing)})" : "")}.");
        }

        Name = "yunet-" + Path.GetFileNameWithoutExtension(modelPath).Replace("yunet_", "", StringComparison.Ordinal).ToLowerInvariant();
    }

    /// <summary>Short name for logs and replies, e.g. <c>yunet-s_dynamic</c>.</summary>
    public string Name { get; }

    /// <summary>Why the session runs on the CPU although another provider was asked for; null otherwise.</summary>
    public string? FallbackReason { get; }

    /// <summary>Faces in a colour image, highest score first.</summary>
    /// <param name="scoreThreshold">Minimum √(cls·obj) (OpenCV Zoo: 0.6 class default, 0.9 in its demo).</param>
    /// <param name="nmsThreshold">Boxes overlapping a better one by more than this IoU are dropped.</param>
    /// <param name="topK">Most candidates (highest scores) entering NMS.</param>
    public IReadOnlyList<FaceDetection> Detect(RgbImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f, int topK = 5000)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Run(image.Width, image.Height, (input, padW, plane) =>
        {
            var rgb = image.Rgb;
            for (var y = 0; y < image.Height; y++)
            {
                for (var x = 0; x < image.Width; x++)
                {
                    var s = ((y * image.Width) + x) * 3;
                    var o = (y * padW) + x;
                    input[o] = rgb[s + 2];
                    input[plane + o] = rgb[s + 1];
                    input[(2 * plane) + o] = rgb[s];
                }
            }
        }, scoreThreshold, nmsThreshold, topK);
    }

    /// <summary>Faces in a gray image (fed as B = G = R), highest score first.</summary>
    public IReadOnlyList<FaceDetection> Detect(GrayImage image, float scoreThreshold = 0.6f, float nmsThreshold = 0.3f, int topK = 5000)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Run(image.Width, image.Height, (input, padW, plane) =>
        {
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Pixels.AsSpan(y * image.Width, image.Width);
                for (var c = 0; c < 3; c++)
                {
                    row.CopyTo(input.AsSpan((c * plane) + (y * padW), image.Width));
                }
            }
        }, scoreThreshold, nmsThreshold, topK);
    }

    public void Dispose() => _session.Dispose();

    private List<FaceDetection> Run(int width, int height, Action<float[], int, int> fill, float scoreThreshold, float nmsThreshold, int topK)
    {
        if (!(scoreThreshold is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(scoreThreshold), scoreThreshold, "The score threshold must be within 0..1.");
        }

        if (!(nmsThreshold is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(nmsThreshold), nmsThreshold, "The NMS IoU threshold must be within 0..1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(topK);
        var padW = ((width - 1) / 32 + 1) * 32;
        var padH = ((height - 1) / 32 + 1) * 32;
        var plane = padW * padH;
        var input = new float[3 * plane];
        fill(input, padW, plane);
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [1, 3, padH, padW]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, [tensor], OutputNames);
        var candidates = new List<FaceDetection>();
        for (var k = 0; k < Strides.Length; k++)
        {
            Decode(Strides[k], padW / Strides[k], padH / Strides[k],
                outputs[4 * k].GetTensorDataAsSpan<float>(), outputs[(4 * k) + 1].GetTensorDataAsSpan<float>(),
                outputs[(4 * k) + 2].GetTensorDataAsSpan<float>(), outputs[(4 * k) + 3].GetTensorDataAsSpan<float>(),
                scoreThreshold, candidates);
        }

        return Nms.Apply(candidates, f => f.Box, f => f.Score, nmsThreshold, topK);
    }

    private static void Decode(int stride, int cols, int rows, ReadOnlySpan<float> cls, ReadOnlySpan<float> obj,
        ReadOnlySpan<float> bbox, ReadOnlySpan<float> kps, float scoreThreshold, List<FaceDetection> into)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var idx = (r * cols) + c;
                var score = MathF.Sqrt(Math.Clamp(cls[idx], 0f, 1f) * Math.Clamp(obj[idx], 0f, 1f));
                if (score < scoreThreshold)
                {
                    continue;
                }

                var cx = (c + bbox[idx * 4]) * stride;
                var cy = (r + bbox[(idx * 4) + 1]) * stride;
                var w = MathF.Exp(bbox[(idx * 4) + 2]) * stride;
                var h = MathF.Exp(bbox[(idx * 4) + 3]) * stride;
                var k = kps.Slice(idx * 10, 10);
                var points = new Vector2[5];
                for (var n = 0; n < 5; n++)
                {
                    points[n] = new Vector2((k[2 * n] + c) * stride, (k[(2 * n) + 1] + r) * stride);
                }

                into.Add(new FaceDetection(
                    Nms.Round(cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2)), score,
                    new FaceLandmarks(points[0], points[1], points[2], points[3], points[4])));
            }
        }
    }
}
