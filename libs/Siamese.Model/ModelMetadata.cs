using System.Globalization;

namespace Siamese.Model;

/// <summary>
/// Everything a service needs to use an exported tower. Travels inside the ONNX file as
/// <c>metadata_props</c> under the keys in <see cref="ModelMetadataKeys"/>; no service hard-codes any of it.
/// </summary>
public sealed record ModelMetadata
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required int InputHeight { get; init; }

    public required int InputWidth { get; init; }

    /// <summary>Pixel normalisation: x = (pixel / 255 - Mean) / Std.</summary>
    public float PixelMean { get; init; }

    public float PixelStd { get; init; } = 1f;

    public required int EmbeddingDimension { get; init; }

    /// <summary>Always "euclidean" today.</summary>
    public string Distance { get; init; } = "euclidean";

    /// <summary>Calibrated decision threshold: distance ≤ threshold means "same".</summary>
    public required float Threshold { get; init; }

    /// <summary>The false-accept rate the threshold was calibrated for on validation identities.</summary>
    public double ThresholdFalseAcceptRate { get; init; }

    /// <summary>Free text (JSON) summary of the training data.</summary>
    public string TrainingData { get; init; } = "";

    /// <summary>Free text (JSON) summary of the evaluation figures.</summary>
    public string Evaluation { get; init; } = "";

    /// <summary>How training images were cut before preprocessing: <see cref="ModelCrops.Resize"/> or <see cref="ModelCrops.YuNetAligned"/>. Servers cut crops the same way.</summary>
    public string Crop { get; init; } = ModelCrops.Resize;

    /// <summary>"name:version", the identity of the vector space (vectors of two models never mix).</summary>
    public string ModelId => $"{Name}:{Version}";

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        [ModelMetadataKeys.Name] = Name,
        [ModelMetadataKeys.Version] = Version,
        [ModelMetadataKeys.InputHeight] = Inv(InputHeight),
        [ModelMetadataKeys.InputWidth] = Inv(InputWidth),
        [ModelMetadataKeys.PixelMean] = Inv(PixelMean),
        [ModelMetadataKeys.PixelStd] = Inv(PixelStd),
        [ModelMetadataKeys.EmbeddingDimension] = Inv(EmbeddingDimension),
        [ModelMetadataKeys.Distance] = Distance,
        [ModelMetadataKeys.Threshold] = Inv(Threshold),
        [ModelMetadataKeys.ThresholdFalseAcceptRate] = Inv(ThresholdFalseAcceptRate),
        [ModelMetadataKeys.TrainingData] = TrainingData,
        [ModelMetadataKeys.Evaluation] = Evaluation,
        [ModelMetadataKeys.Crop] = Crop,
    };

    /// <summary>Reads the metadata map of an ONNX file; a missing or malformed key is an error that names it.</summary>
    public static ModelMetadata FromDictionary(IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new ModelMetadata
        {
            Name = Get(map, ModelMetadataKeys.Name),
            Version = Get(map, ModelMetadataKeys.Version),
            InputHeight = GetInt(map, ModelMetadataKeys.InputHeight),
            InputWidth = GetInt(map, ModelMetadataKeys.InputWidth),
            PixelMean = GetFloat(map, ModelMetadataKeys.PixelMean),
            PixelStd = GetFloat(map, ModelMetadataKeys.PixelStd),
            EmbeddingDimension = GetInt(map, ModelMetadataKeys.EmbeddingDimension),
            Distance = Get(map, ModelMetadataKeys.Distance),
            Threshold = GetFloat(map, ModelMetadataKeys.Threshold),
            ThresholdFalseAcceptRate = map.TryGetValue(ModelMetadataKeys.ThresholdFalseAcceptRate, out var far)
                ? double.Parse(far, CultureInfo.InvariantCulture) : 0,
            TrainingData = map.GetValueOrDefault(ModelMetadataKeys.TrainingData, ""),
            Evaluation = map.GetValueOrDefault(ModelMetadataKeys.Evaluation, ""),
            Crop = map.GetValueOrDefault(ModelMetadataKeys.Crop, ModelCrops.Resize),
        };
    }

    private static string Inv(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Get(IReadOnlyDictionary<string, string> map, string key) =>
        map.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidDataException($"Model metadata key '{key}' is missing: export the model with the Siamese trainer.");

    private static int GetInt(IReadOnlyDictionary<string, string> map, string key) =>
        int.TryParse(Get(map, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new InvalidDataException($"Model metadata key '{key}' must be a positive integer.");

    private static float GetFloat(IReadOnlyDictionary<string, string> map, string key) =>
        float.TryParse(Get(map, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v)
            ? v
            : throw new InvalidDataException($"Model metadata key '{key}' must be a finite number.");
}
