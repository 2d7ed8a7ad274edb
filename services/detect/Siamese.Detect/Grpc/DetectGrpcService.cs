using Grpc.Core;
using Microsoft.Extensions.Options;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Detect.Grpc;

/// <summary>
/// The synchronous Detect call (match's Identify detects first). Boxes are the regions detect would crop
/// (UltraFace boxes grown to the embedding model's aspect ratio), so a caller that cuts and resizes them gets the
/// same crops as the bus pipeline. YuNet boxes are returned as detected: its crops are aligned on landmarks, not cut from a box.
/// </summary>
public sealed class DetectGrpcService(FrameDetector detector, CropExtractor extractor, IOptions<DetectOptions> options) : Detector.DetectorBase
{
    public override Task<DetectResponse> Detect(DetectRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Image.IsEmpty)
        {
            throw new ArgumentException("The image is empty: send the encoded image bytes.");
        }

        if (request.HasMinScore && !(request.MinScore is >= 0f and <= 1f))
        {
            throw new ArgumentException($"min_score {request.MinScore} is out of range: use 0..1, or leave it unset for the default.");
        }

        if (request.MaxDetections < 0)
        {
            throw new ArgumentException($"max_detections {request.MaxDetections} is negative: use 0 for the default.");
        }

        var o = options.Value;
        var frame = ImageDecoder.DecodeRgb(request.Image.Span, o.ImageLimits);
        var kind = o.DefaultDetector == DetectorKind.Regions ? DetectorKind.Passthrough : o.DefaultDetector;
        var (name, detections) = detector.Find(frame, kind, null, "grpc", request.HasMinScore ? request.MinScore : null);
        var limit = request.MaxDetections > 0 ? request.MaxDetections : o.MaxCropsPerFrame;
        var response = new DetectResponse { Detector = name, ImageWidth = frame.Width, ImageHeight = frame.Height };
        foreach (var d in detections.Take(limit))
        {
            var r = extractor.CropRegion(d.Box, frame.Width, frame.Height, grow: kind == DetectorKind.UltraFace);
            response.Detections.Add(new Protos.V1.Detection
            {
                Box = new Box { X = r.X, Y = r.Y, Width = r.Width, Height = r.Height },
                Score = d.Score,
            });
        }

        return Task.FromResult(response);
    }
}
