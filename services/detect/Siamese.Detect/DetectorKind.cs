namespace Siamese.Detect;

/// <summary>How detect finds the crops of a frame.</summary>
public enum DetectorKind
{
    /// <summary>The whole frame is one crop (cameras that already frame one face or item).</summary>
    Passthrough,

    /// <summary>Boxes sent with the frame (an edge detector) or configured for the camera.</summary>
    Regions,

    /// <summary>UltraFace RFB-320 face detector (ONNX Runtime).</summary>
    UltraFace,

    /// <summary>YuNet face detector with five landmarks; crops are aligned on the landmarks (Siamese.Detection), as the trainer's.</summary>
    YuNet,
}
