using Siamese.Imaging;

namespace Siamese.Detection;

/// <summary>A detection that did not pass the quality gate, reported rather than dropped.</summary>
public sealed record RejectedDetection(int Index, PixelRect Box, float Score, string Reason);
