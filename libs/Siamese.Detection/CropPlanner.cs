using System.Collections.Concurrent;
using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>
/// The one place that decides how a picture is cut into model inputs, for the detect service (camera frames), the
/// match service (Enroll, Identify, Verify images) and the trainer (<c>--align yunet</c>), so one picture gives one
/// crop whichever way it arrives. Thread-safe.
/// </summary>
/// <remarks>
/// The detector is, in order: regions sent with the frame; the camera's detector; <see cref="CropOptions.Detector"/>;
/// the model's (<see cref="CropTarget.DefaultDetector"/>: YuNet for a face model; the camera's regions or the whole
/// picture for any other). YuNet faces are aligned on refined landmarks (<see cref="FaceCropper"/>); a picture the best
/// face fills (a portrait), or where no face scores <see cref="CropOptions.MinScore"/>, is cut as the trainer cuts its
/// images (<see cref="FaceCropper.CropPortrait"/>). UltraFace boxes are grown to the model's aspect ratio; boxes and
/// regions are cut from the gray picture and resized with the trainer's resize.
/// </remarks>
public sealed class CropPlanner(DetectorSet detectors, CropOptions options)
{
    /// <summary>
    /// A face whose box is at least this fraction of the picture's width or height makes the picture a portrait. ORL
    /// faces measure 0.68–0.92 of the width; faces in camera scenes are far smaller.
    /// </summary>
    public const float PortraitFaceFraction = 0.5f;

    private readonly ConcurrentDictionary<(int Width, int Height), FaceCropper> _croppers = new();

    public CropOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The detector for a picture (see remarks); <paramref name="frameHasRegions"/>: the frame carries its own regions.</summary>
    public DetectorKind Choose(CropTarget target, CameraSettings? camera = null, bool frameHasRegions = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (frameHasRegions)
        {
            return DetectorKind.Regions;
        }

        var chosen = camera?.Detector ?? Options.Detector ?? target.DefaultDetector;
        return chosen == DetectorKind.Passthrough && camera?.Detector is null && camera is { Regions.Count: > 0 } ? DetectorKind.Regions : chosen;
    }

    /// <summary>Loads and runs once every detector <paramref name="target"/> and <paramref name="cameras"/> call for, so a missing model fails the start, not the first picture.</summary>
    public void Prepare(CropTarget target, IEnumerable<CameraSettings> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        var kinds = cameras.Select(c => Choose(target, c)).Append(Choose(target)).ToHashSet();
        if (kinds.Contains(DetectorKind.YuNet))
        {
            Cropper(target).Detector.Detect(new GrayImage(64, 64, new float[64 * 64]));
        }

        if (kinds.Contains(DetectorKind.UltraFace))
        {
            var ultraFace = detectors.UltraFace;
            ultraFace.Detect(new RgbImage(ultraFace.InputWidth, ultraFace.InputHeight, new byte[ultraFace.InputWidth * ultraFace.InputHeight * 3]));
        }
    }

    /// <summary>The crops of a colour picture (camera frame, Enroll/Identify image). Faces are detected in colour and aligned in gray.</summary>
    /// <param name="regions">Regions sent with the frame; they win over every detector.</param>
    /// <param name="minScore">Overrides <see cref="CropOptions.MinScore"/> for this picture.</param>
    /// <param name="maxCrops">Overrides <see cref="CropOptions.MaxCrops"/> for this picture.</param>
    /// <exception cref="CropPlanningException">The regions detector has no regions, or a region lies outside the picture.</exception>
    public CropPlan Plan(RgbImage image, CropTarget target, CameraSettings? camera = null, IReadOnlyList<PixelRect>? regions = null, float? minScore = null, int? maxCrops = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Plan(new Picture(image), target, camera, regions, minScore, maxCrops);
    }

    /// <summary>
    /// Decodes an image for <see cref="Plan(DecodedImage, CropTarget, CameraSettings?, IReadOnlyList{PixelRect}?, float?, int?)"/>.
    /// Where YuNet finds the faces (on a copy of at most <see cref="CropOptions.MaxDetectionSide"/> whatever the size), a
    /// large JPEG is decoded straight to a reduced size no smaller than that: a fraction of the decoding, and faces are
    /// aligned on it. Throws <see cref="ImageDecodeException"/> for anything unreadable.
    /// </summary>
    public DecodedImage Decode(ReadOnlySpan<byte> data, ImageLimits limits, CropTarget target, CameraSettings? camera = null, bool frameHasRegions = false) =>
        ImageDecoder.DecodeRgbReduced(data, Choose(target, camera, frameHasRegions) == DetectorKind.YuNet ? Options.MaxDetectionSide : 0, limits);

    /// <summary>The crops of a picture from <see cref="Decode"/>, boxes and regions in the pixels of the image as sent.</summary>
    public CropPlan Plan(DecodedImage picture, CropTarget target, CameraSettings? camera = null, IReadOnlyList<PixelRect>? regions = null, float? minScore = null, int? maxCrops = null)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (!picture.Reduced)
        {
            return Plan(picture.Image, target, camera, regions, minScore, maxCrops);
        }

        if (regions is { Count: > 0 })
        {
            throw new ArgumentException("A frame with regions is decoded at its own size (Decode with frameHasRegions).", nameof(regions));
        }

        var reduced = new Picture(picture.Image) { ToSource = (float)picture.SourceWidth / picture.Image.Width };
        return Plan(reduced, target, camera, null, minScore, maxCrops).ScaledTo(picture.SourceWidth, picture.SourceHeight);
    }

    /// <summary>The crops of a gray picture (the trainer's images, which it loads gray); otherwise as <see cref="Plan(RgbImage, CropTarget, CameraSettings?, IReadOnlyList{PixelRect}?, float?, int?)"/>.</summary>
    public CropPlan Plan(GrayImage image, CropTarget target, CameraSettings? camera = null, IReadOnlyList<PixelRect>? regions = null, float? minScore = null, int? maxCrops = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Plan(new Picture(image), target, camera, regions, minScore, maxCrops);
    }

    /// <summary>One colour picture of one subject cut as the trainer cuts it, for a colour model: the first crop's colour region, else the whole picture.</summary>
    public RgbImage CutAsTrainer(RgbImage picture, CropTarget target)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(target);
        var first = Plan(picture, target).Crops.FirstOrDefault();
        return first?.Colour ?? (first is null ? picture : RgbImage.FromGray(first.Crop));
    }

    /// <summary>
    /// One picture of one subject cut as the trainer cuts its images (offline figures that must equal the trainer's):
    /// the first crop, or the whole picture resized when the planner finds none.
    /// </summary>
    public GrayImage CutAsTrainer(GrayImage picture, CropTarget target)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(target);
        return Plan(picture, target).Crops.FirstOrDefault()?.Crop ?? picture.Resize(target.Width, target.Height);
    }

    private CropPlan Plan(Picture picture, CropTarget target, CameraSettings? camera, IReadOnlyList<PixelRect>? regions, float? minScore, int? maxCrops)
    {
        ArgumentNullException.ThrowIfNull(target);
        var kind = Choose(target, camera, regions is { Count: > 0 });
        var score = minScore ?? Options.MinScore;
        switch (kind)
        {
            case DetectorKind.Passthrough:
                var whole = new PixelRect(0, 0, picture.Width, picture.Height);
                var resized = new PlannedCrop(0, whole, 1f, picture.Gray.Resize(target.Width, target.Height), whole, Colour: ColourOf(picture, target, whole));
                return Blurred(resized) is { } blur
                    ? new CropPlan("passthrough", picture.Width, picture.Height, [], [new RejectedDetection(0, whole, 1f, blur)], $"the picture was rejected: {blur}")
                    : new CropPlan("passthrough", picture.Width, picture.Height, [resized], [], null);
            case DetectorKind.Regions:
                var boxes = regions is { Count: > 0 } ? regions : camera?.Regions;
                if (boxes is not { Count: > 0 })
                {
                    throw new CropPlanningException("the regions detector was chosen, but the frame carries no regions and none are configured for its camera.");
                }

                return Gate("regions", picture, target, [.. boxes.Select((r, i) => new Candidate(Inside(r, i, picture), 1f, null))], "no regions", maxCrops, grow: false);
            case DetectorKind.UltraFace:
                var ultraFace = detectors.UltraFace;
                var found = ultraFace.Detect(picture.Rgb, score, Options.NmsIouThreshold, Options.MaxCandidates);
                return Gate(ultraFace.Name, picture, target, [.. found.Select(b => new Candidate(b.Box, b.Score, null))],
                    $"no face scored {score:0.##} or more in the {picture.Width}×{picture.Height} image (UltraFace)", maxCrops, grow: true);
            default:
                return PlanFaces(picture, target, score, maxCrops);
        }
    }

    private CropPlan PlanFaces(Picture picture, CropTarget target, float score, int? maxCrops)
    {
        var cropper = Cropper(target);

        // Detected on a bounded copy (see CropOptions.MaxDetectionSide), mapped back to this picture's pixels.
        var (small, sx, sy) = picture.Bounded(Options.MaxDetectionSide);
        var faces = small.DetectFaces(cropper.Detector, score, Options.NmsIouThreshold, Options.MaxCandidates)
            .Select(f => ScaledBack(f, sx, sy)).ToList();
        if (faces.Count > 0 && !FillsPicture(faces[0].Box, picture))
        {
            return Gate(cropper.Detector.Name, picture, target,
                [.. faces.Select(f => new Candidate(f.Box.ClampTo(picture.Width, picture.Height), f.Score, f.Landmarks))
                    .Where(c => c.Box.Width > 0 && c.Box.Height > 0)],
                $"no face scored {score:0.##} or more in the {picture.Width}×{picture.Height} image (YuNet)", maxCrops, grow: false);
        }

        // A portrait, or nothing found in a scene: the face is found as the trainer finds it in its images (pasted into a
        // canvas three times its size: YuNet misses faces that fill the picture) in a copy no larger than
        // CropOptions.MaxPortraitSide, and aligned on a copy about twice the crop's size (sharp enough, and the
        // refinement's canvases are sampled with few taps).
        var (aligned, ax, ay) = small.Bounded(Math.Max(Options.MaxPortraitSide, 2 * Math.Max(target.Width, target.Height)));
        var (portraitPicture, px, py) = aligned.Bounded(Options.MaxPortraitSide);
        if (cropper.DetectPortrait(portraitPicture.Gray) is not { } found)
        {
            return new CropPlan(cropper.Detector.Name, picture.Width, picture.Height, [], [],
                $"no face found in the {picture.Width}×{picture.Height} image (YuNet, neither in the image nor with it taken as a portrait)");
        }

        var face = ScaledBack(found, sx * ax * px, sy * ay * py);
        var box = face.Box.ClampTo(picture.Width, picture.Height);
        if (Reject(box, picture, 0, maxCrops) is { } reason)
        {
            return new CropPlan(cropper.Detector.Name, picture.Width, picture.Height, [], [new RejectedDetection(0, box, face.Score, reason)], reason);
        }

        var crop = Align(aligned, target, 0, new Candidate(box, face.Score, null), ScaledBack(found, px, py).Landmarks);
        return new CropPlan(cropper.Detector.Name, picture.Width, picture.Height, [crop], [], null);
    }

    /// <summary>Applies the quality gate to the candidates (best first) and cuts those that pass; <paramref name="grow"/>: detector boxes to grow before cutting.</summary>
    private CropPlan Gate(string detector, Picture picture, CropTarget target, IReadOnlyList<Candidate> candidates, string nothingFound, int? maxCrops, bool grow)
    {
        var crops = new List<PlannedCrop>();
        var rejected = new List<RejectedDetection>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if (Reject(c.Box, picture, crops.Count, maxCrops) is { } reason)
            {
                rejected.Add(new RejectedDetection(i, c.Box, c.Score, reason));
                continue;
            }

            var crop = c.Landmarks is { } landmarks ? Align(picture, target, i, c, landmarks) : Cut(picture, target, i, c, grow);
            if (Blurred(crop) is { } blur)
            {
                rejected.Add(new RejectedDetection(i, c.Box, c.Score, blur));
                continue;
            }

            crops.Add(crop);
        }

        var why = crops.Count > 0 ? null
            : rejected.Count > 0 ? $"every detection was rejected: {rejected[0].Reason}"
            : nothingFound;
        return new CropPlan(detector, picture.Width, picture.Height, crops, rejected, why);
    }

    private string? Reject(PixelRect box, Picture picture, int cropsSoFar, int? maxCrops)
    {
        var most = maxCrops is > 0 ? maxCrops.Value : Options.MaxCrops;
        var (width, height) = ((int)MathF.Round(box.Width * picture.ToSource), (int)MathF.Round(box.Height * picture.ToSource));
        return cropsSoFar >= most
            ? $"the picture already has {most} crops, the most allowed"
            : Math.Min(width, height) < Options.MinCropSize
                ? $"the detection is {width}×{height} pixels, smaller than the minimum of {Options.MinCropSize}"
                : null;
    }

    /// <summary>The blur gate's reason for turning <paramref name="crop"/> away, or null (also when the gate is off).</summary>
    private string? Blurred(PlannedCrop crop)
    {
        if (Options.MinSharpness <= 0)
        {
            return null;
        }

        var sharpness = Sharpness.Of(crop.Crop);
        return sharpness < Options.MinSharpness ? $"below quality gate: blur (sharpness {sharpness:0.#}, minimum {Options.MinSharpness:0.#})" : null;
    }

    private PlannedCrop Align(Picture picture, CropTarget target, int index, Candidate c, FaceLandmarks landmarks)
    {
        // FaceCropper.AlignFace, keeping the transform to say which crop pixels lie inside the picture.
        using var source = picture.Window();
        var (crop, outputToSource) = Cropper(target).Align(source, landmarks);
        return new PlannedCrop(index, c.Box, c.Score, crop, null,
            FaceAligner.Coverage(outputToSource, target.Width, target.Height, picture.Width, picture.Height));
    }

    private PlannedCrop Cut(Picture picture, CropTarget target, int index, Candidate c, bool grow)
    {
        var region = grow ? Grow(c.Box, picture, target) : c.Box;
        return new PlannedCrop(index, c.Box, c.Score, picture.Gray.Crop(region).Resize(target.Width, target.Height), region, Colour: ColourOf(picture, target, region));
    }

    /// <summary>The region in colour for a colour model (the whole picture as it came when the region is all of it); null for a gray one.</summary>
    private static RgbImage? ColourOf(Picture picture, CropTarget target, PixelRect region) =>
        target.Channels != 3 ? null
        : region.X == 0 && region.Y == 0 && region.Width == picture.Width && region.Height == picture.Height ? picture.Rgb
        : picture.Rgb.Crop(region);

    /// <summary>A detector box grown to the model's aspect ratio (and by <see cref="CropOptions.BoxScale"/>), slid back inside the picture where possible.</summary>
    private PixelRect Grow(PixelRect box, Picture picture, CropTarget target)
    {
        var aspect = (float)target.Width / target.Height;
        var height = Math.Max(box.Height, box.Width / aspect) * Options.BoxScale;
        var width = height * aspect;
        var cx = box.X + (box.Width / 2f);
        var cy = box.Y + (box.Height / 2f) + (Options.BoxShiftY * height);
        var w = Math.Max(1, (int)MathF.Round(width));
        var h = Math.Max(1, (int)MathF.Round(height));

        // Slid rather than clipped, so the aspect ratio survives near the edges.
        var x = Math.Clamp((int)MathF.Round(cx - (width / 2f)), 0, Math.Max(0, picture.Width - w));
        var y = Math.Clamp((int)MathF.Round(cy - (height / 2f)), 0, Math.Max(0, picture.Height - h));
        return new PixelRect(x, y, w, h).ClampTo(picture.Width, picture.Height);
    }

    /// <summary>A detection on a copy scaled by (<paramref name="sx"/>, <paramref name="sy"/>), in the original picture's pixels.</summary>
    private static FaceDetection ScaledBack(FaceDetection face, float sx, float sy)
    {
        if (sx == 1f && sy == 1f)
        {
            return face;
        }

        var b = face.Box;
        var x = (int)MathF.Floor(b.X / sx);
        var y = (int)MathF.Floor(b.Y / sy);
        var box = new PixelRect(x, y, (int)MathF.Ceiling(b.Right / sx) - x, (int)MathF.Ceiling(b.Bottom / sy) - y);
        var scale = new System.Numerics.Vector2(1 / sx, 1 / sy);
        return new FaceDetection(box, face.Score, FaceLandmarks.FromArray([.. face.Landmarks.ToArray().Select(p => p * scale)]));
    }

    private FaceCropper Cropper(CropTarget target) =>
        _croppers.GetOrAdd((target.Width, target.Height), size => new FaceCropper(detectors.YuNet, new FaceAligner(size.Width, size.Height)));

    private static bool FillsPicture(PixelRect box, Picture picture) =>
        box.Width >= PortraitFaceFraction * picture.Width || box.Height >= PortraitFaceFraction * picture.Height;

    private static PixelRect Inside(PixelRect region, int index, Picture picture)
    {
        var clamped = region.ClampTo(picture.Width, picture.Height);
        return clamped.Width > 0 && clamped.Height > 0
            ? clamped
            : throw new CropPlanningException(
                $"region {index} ({region.X},{region.Y} {region.Width}×{region.Height}) is outside the {picture.Width}×{picture.Height} frame.");
    }

    private readonly record struct Candidate(PixelRect Box, float Score, FaceLandmarks? Landmarks);
}
