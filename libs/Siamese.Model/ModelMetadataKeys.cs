namespace Siamese.Model;

/// <summary>The ONNX <c>metadata_props</c> keys of the trainer → services contract. Never rename one.</summary>
public static class ModelMetadataKeys
{
    public const string Name = "siamese.model_name";
    public const string Version = "siamese.model_version";
    public const string InputHeight = "siamese.input_height";
    public const string InputWidth = "siamese.input_width";
    public const string PixelMean = "siamese.pixel_mean";
    public const string PixelStd = "siamese.pixel_std";
    public const string EmbeddingDimension = "siamese.embedding_dim";
    public const string Distance = "siamese.distance";
    public const string Threshold = "siamese.threshold";
    public const string ThresholdFalseAcceptRate = "siamese.threshold_far";
    public const string TrainingData = "siamese.training_data";
    public const string Evaluation = "siamese.evaluation";

    /// <summary>How a crop is cut from an image before preprocessing (see <see cref="ModelCrops"/>); absent = <see cref="ModelCrops.Resize"/>.</summary>
    public const string Crop = "siamese.crop";

    /// <summary>Input channels C of [N,C,H,W]: 1 (grayscale) or 3 (RGB, planes in that order); absent = 1 (models before colour).</summary>
    public const string InputChannels = "siamese.input_channels";

    /// <summary>Tensor names of the exported tower.</summary>
    public const string InputTensor = "input";
    public const string OutputTensor = "embedding";
}
