using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Detection;
using Siamese.Imaging;

namespace Siamese.Detect;

/// <summary>
/// Detect's domain: decode a frame, pick its detector (regions sent with the frame, else the camera's detector,
/// else the default), find the faces/items, gate them by size and cut the crops. YuNet faces are aligned on their
/// landmarks by Siamese.Detection's <see cref="FaceCropper"/>, the code the trainer prepares its images with.
/// </summary>
public sealed class FrameDetector(DetectorSet detectors, CropExtractor extractor, IOptions<DetectOptions> options)
{
    private readonly DetectOptions _options = options.Value;
    private readonly Lazy<FaceCropper> _cropper = new(() => new FaceCropper(detectors.YuNet, new FaceAligner(extractor.Size.Width, extractor.Size.Height)));

    public CropSize CropSize => extractor.Size;

    public DetectedFrame Process(string cameraId, byte[] image, IReadOnlyList<BoundingBox>? regions)
    {
        var frame = Decode(image);
        var camera = _options.Cameras.TryGetValue(cameraId, out var c) ? c : null;
        var kind = regions is { Count: > 0 } ? DetectorKind.Regions : camera?.Detector ?? _options.DefaultDetector;
        var (name, detections) = Find(frame, kind, regions is { Count: > 0 } ? regions : camera?.Regions.ToList(), cameraId, null);
        var crops = new List<FaceCrop>();
        var rejected = new List<RejectedCrop>();
        GrayImage? gray = null;
        for (var i = 0; i < detections.Count; i++)
        {
            var d = detections[i];
            var reason = crops.Count >= _options.MaxCropsPerFrame
                ? $"the frame already has {_options.MaxCropsPerFrame} crops, the most allowed"
                : extractor.Reject(d.Box);
            if (reason is not null)
            {
                rejected.Add(new RejectedCrop(i, CropExtractor.ToBox(d.Box), d.Score, reason));
                continue;
            }

            var pixels = d.Landmarks is { } landmarks
                ? CropExtractor.ToBytes(_cropper.Value.AlignFace(gray ??= frame.ToGray(), landmarks))
                : extractor.Cut(frame, extractor.CropRegion(d.Box, frame.Width, frame.Height, grow: kind == DetectorKind.UltraFace));
            crops.Add(new FaceCrop(i, CropExtractor.ToBox(d.Box), d.Score, CropSize.Width, CropSize.Height, pixels));
        }

        return new DetectedFrame(name, frame.Width, frame.Height, crops, rejected);
    }

    /// <summary>The detections of <paramref name="kind"/>, highest score first.</summary>
    public (string Detector, IReadOnlyList<Detection> Detections) Find(
        RgbImage frame, DetectorKind kind, IReadOnlyList<BoundingBox>? regions, string cameraId, float? minScore)
    {
        ArgumentNullException.ThrowIfNull(frame);
        switch (kind)
        {
            case DetectorKind.Passthrough:
                return ("passthrough", [new Detection(new PixelRect(0, 0, frame.Width, frame.Height), 1f)]);
            case DetectorKind.Regions:
                if (regions is not { Count: > 0 })
                {
                    throw new FrameProcessingException(
                        $"camera '{cameraId}' uses the regions detector, but the frame carries no regions and none are configured (Detect:Cameras:{cameraId}:Regions).");
                }

                return ("regions", [.. regions.Select((r, i) => new Detection(InsideFrame(r, i, frame), 1f))]);
            case DetectorKind.YuNet:
                var yuNet = detectors.YuNet;
                var faces = yuNet.Detect(frame, minScore ?? _options.ScoreThreshold, _options.NmsIouThreshold, _options.MaxCandidates);
                return (yuNet.Name, [.. faces
                    .Select(f => new Detection(f.Box.ToPixelRect(frame.Width, frame.Height), f.Score, f.Landmarks))
                    .Where(d => d.Box.Width > 0 && d.Box.Height > 0)]);
            default:
                var ultraFace = detectors.UltraFace;
                return (ultraFace.Name, ultraFace.Detect(frame, minScore ?? _options.ScoreThreshold, _options.NmsIouThreshold, _options.MaxCandidates));
        }
    }

    public RgbImage Decode(byte[] image)
    {
        try
        {
            return ImageDecoder.DecodeRgb(image, _options.ImageLimits);
        }
        catch (ImageDecodeException ex)
        {
            throw new FrameProcessingException($"the image could not be decoded: {ex.Message}", ex);
        }
    }

    private static PixelRect InsideFrame(BoundingBox r, int index, RgbImage frame)
    {
        var rect = new PixelRect(r.X, r.Y, r.Width, r.Height);
        var clamped = rect.ClampTo(frame.Width, frame.Height);
        return clamped.Width > 0 && clamped.Height > 0
            ? clamped
            : throw new FrameProcessingException($"region {index} ({r.X},{r.Y} {r.Width}×{r.Height}) is outside the {frame.Width}×{frame.Height} frame.");
    }
}
