using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>One crop of a picture, ready for the model.</summary>
/// <param name="Index">Position among the picture's detections (highest score first).</param>
/// <param name="Box">Where the face or item is, in pixels of the picture (clamped to it).</param>
/// <param name="Score">Detector score 0..1 (1 for the whole picture and for regions).</param>
/// <param name="Crop">Gray, 0..255, at the model's input size.</param>
/// <param name="Region">The part of the picture that was cut and resized (a grown detector box, a region); null for aligned faces.</param>
/// <param name="Coverage">Aligned faces: per crop pixel, 1 where it was sampled inside the picture, 0 where the aligned frame reaches past its edge.</param>
/// <param name="Colour">
/// For a colour model (<see cref="CropTarget.Channels"/> = 3): <paramref name="Region"/> cut from the colour picture at its
/// own size, which the model's <c>Preprocessor</c> resizes plane by plane exactly as the trainer does; null for gray models
/// and aligned faces (the gray crop, repeated into three planes, is their input).
/// </param>
public sealed record PlannedCrop(int Index, PixelRect Box, float Score, GrayImage Crop, PixelRect? Region = null, float[]? Coverage = null, RgbImage? Colour = null);
