using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A detected face and its aligned gray crop (the embedding model's input size).</summary>
public sealed record AlignedFace(FaceDetection Detection, GrayImage Crop);
