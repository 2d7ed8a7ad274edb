namespace Siamese.Trainer.Reporting;

/// <summary>The exported model as the services see it (same values as its ONNX metadata).</summary>
public sealed record ModelInfo(string Name, string Version, string Tower, int EmbeddingDim, string Input, float PixelMean, float PixelStd, string Path);
