using Grpc.Core;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Protos.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Detect.Grpc;

/// <summary>
/// The synchronous Detect call: the crop planner's detections for the picture, as a camera frame without camera
/// settings would get them. Boxes are the regions that are cut (UltraFace boxes grown to the model's aspect ratio), so
/// a caller that cuts and resizes them gets the pipeline's crops; aligned YuNet faces are returned as detected.
/// </summary>
public sealed class DetectGrpcService(FrameDetector detector, CropPlanner planner, ImageLimits limits, DecodeGate gate) : Detector.DetectorBase
{
    public override async Task<DetectResponse> Detect(DetectRequest request, ServerCallContext context)
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

        ArgumentNullException.ThrowIfNull(context);
        var (frame, plan) = await gate.RunAsync(() =>
        {
            var picture = ImageDecoder.DecodeRgb(request.Image.Span, limits);
            return (picture, planner.Plan(picture, detector.Target, minScore: request.HasMinScore ? request.MinScore : null,
                maxCrops: request.MaxDetections > 0 ? request.MaxDetections : null));
        }, context.CancellationToken).ConfigureAwait(false);
        var response = new DetectResponse { Detector = plan.Detector, ImageWidth = frame.Width, ImageHeight = frame.Height };
        foreach (var crop in plan.Crops)
        {
            var r = crop.Region ?? crop.Box;
            response.Detections.Add(new Protos.V1.Detection
            {
                Box = new Box { X = r.X, Y = r.Y, Width = r.Width, Height = r.Height },
                Score = crop.Score,
            });
        }

        return response;
    }
}
