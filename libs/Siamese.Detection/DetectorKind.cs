namespace Siamese.Detection;

/// <summary>How a picture is cut into crops; unset, the model's <c>siamese.crop</c> decides (see <see cref="CropPlanner"/>).</summary>
public enum DetectorKind
{
    /// <summary>The whole picture is one crop (cameras that already frame one item; pre-cropped images).</summary>
    Passthrough,

    /// <summary>Boxes sent with the frame (an edge detector) or configured for the camera.</summary>
    Regions,

    /// <summary>UltraFace RFB-320 face boxes, grown to the model's aspect ratio, cut and resized.</summary>
    UltraFace,

    /// <summary>YuNet faces aligned on their five landmarks into the canonical frame, as the trainer's <c>--align yunet</c>.</summary>
    YuNet,
}
