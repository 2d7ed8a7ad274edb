namespace Siamese.Contracts;

/// <summary>One crop, already resized to the embedding model's input: grayscale, or colour for a colour model.</summary>
/// <param name="Index">Position among the frame's detections (highest score first).</param>
/// <param name="Box">Where the detector found it, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1 (1 for passthrough and regions).</param>
/// <param name="Width">Crop width in pixels (the model's input width).</param>
/// <param name="Height">Crop height in pixels (the model's input height).</param>
/// <param name="Pixels">Row-major 8-bit samples, exactly Width × Height × Channels bytes (R, G, B interleaved when 3).</param>
/// <param name="Channels">1 (gray) or 3 (RGB); messages from before colour carry none and are gray.</param>
public sealed record FaceCrop(int Index, BoundingBox Box, float Score, int Width, int Height, byte[] Pixels, int Channels = 1);
