namespace Siamese.Contracts;

/// <summary>One crop, grayscale and already resized to the embedding model's input.</summary>
/// <param name="Index">Position among the frame's detections (highest score first).</param>
/// <param name="Box">Where the detector found it, in frame pixels.</param>
/// <param name="Score">Detector confidence 0..1 (1 for passthrough and regions).</param>
/// <param name="Width">Crop width in pixels (the model's input width).</param>
/// <param name="Height">Crop height in pixels (the model's input height).</param>
/// <param name="Pixels">Row-major 8-bit intensities, exactly Width × Height bytes.</param>
public sealed record FaceCrop(int Index, BoundingBox Box, float Score, int Width, int Height, byte[] Pixels);
