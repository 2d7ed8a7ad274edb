using Microsoft.Extensions.Options;
using Siamese.Contracts;
using Siamese.Detection;
using Siamese.Imaging;
using Siamese.Inference;

namespace Siamese.Detect;

/// <summary>
/// Detect's domain: decode a frame and cut it into crops with the crop planner (libs/Siamese.Detection), which
/// decides from the model's metadata and the camera's settings exactly as match does for an Identify image.
/// </summary>
public sealed class FrameDetector(CropPlanner planner, EmbeddingModelFile model, ImageLimits limits, IOptions<DetectOptions> options)
{
    private readonly DetectOptions _options = options.Value;

    /// <summary>The model's input size and crop rule (read from its metadata on first use).</summary>
    public CropTarget Target => CropTarget.Of(model.Metadata);

    /// <summary>The settings of every configured camera.</summary>
    public IEnumerable<CameraSettings> Cameras => _options.Cameras.Values.Select(c => c.ToSettings());

    public DetectedFrame Process(string cameraId, byte[] image, IReadOnlyList<BoundingBox>? regions)
    {
        var camera = _options.Cameras.TryGetValue(cameraId, out var c) ? c.ToSettings() : null;
        var frame = Decode(image, camera, regions is { Count: > 0 });
        CropPlan plan;
        try
        {
            plan = planner.Plan(frame, Target, camera, regions?.Select(ToRect).ToList());
        }
        catch (CropPlanningException ex)
        {
            throw new FrameProcessingException($"camera '{cameraId}': {ex.Message}", ex);
        }

        return new DetectedFrame(plan.Detector, plan.ImageWidth, plan.ImageHeight,
            [.. plan.Crops.Select(ToFaceCrop)],
            [.. plan.Rejected.Select(r => new RejectedCrop(r.Index, ToBox(r.Box), r.Score, r.Reason))], plan.Reason);
    }

    /// <summary>Decodes a frame for planning (a large JPEG reduced where YuNet finds the faces: <see cref="CropPlanner.Decode"/>).</summary>
    public DecodedImage Decode(byte[] image, CameraSettings? camera = null, bool frameHasRegions = false)
    {
        try
        {
            return planner.Decode(image, limits, Target, camera, frameHasRegions);
        }
        catch (ImageDecodeException ex)
        {
            throw new FrameProcessingException($"the image could not be decoded: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A planned crop as the bus carries it, at the model's input size: colour (R, G, B interleaved, each plane resized as
    /// the trainer resizes it) where the planner cut a colour region for a colour model, else gray.
    /// </summary>
    public static FaceCrop ToFaceCrop(PlannedCrop p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var (width, height) = (p.Crop.Width, p.Crop.Height);
        if (p.Colour is not { } colour)
        {
            return new FaceCrop(p.Index, ToBox(p.Box), p.Score, width, height, ToBytes(p.Crop));
        }

        var planes = colour.ToPlanes().Select(plane => ToBytes(plane.Resize(width, height))).ToArray();
        var rgb = new byte[width * height * 3];
        for (int i = 0, s = 0; i < width * height; i++, s += 3)
        {
            (rgb[s], rgb[s + 1], rgb[s + 2]) = (planes[0][i], planes[1][i], planes[2][i]);
        }

        return new FaceCrop(p.Index, ToBox(p.Box), p.Score, width, height, rgb, Channels: 3);
    }

    /// <summary>A gray crop as the bus carries it: 8-bit pixels (rounded, clamped to 0..255).</summary>
    public static byte[] ToBytes(GrayImage gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var bytes = new byte[gray.Pixels.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Clamp(MathF.Round(gray.Pixels[i]), 0, 255);
        }

        return bytes;
    }

    private static PixelRect ToRect(BoundingBox b) => new(b.X, b.Y, b.Width, b.Height);

    private static BoundingBox ToBox(PixelRect r) => new(r.X, r.Y, r.Width, r.Height);
}
