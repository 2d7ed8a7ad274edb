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

    /// <summary>C of the input [N,C,H,W]: 1 = grayscale (luma), 3 = R, G, B planes. Models exported before colour say nothing and are gray.</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Pixel normalisation: x = (pixel / 255 - Mean) / Std, the same for every channel.</summary>
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
        [ModelMetadataKeys.InputChannels] = Inv(InputChannels),
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
            InputChannels = map.ContainsKey(ModelMetadataKeys.InputChannels) ? GetChannels(map) : 1,
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

    private static int GetChannels(IReadOnlyDictionary<string, string> map) =>
        GetInt(map, ModelMetadataKeys.InputChannels) is var c && c is 1 or 3
            ? c
            : throw new InvalidDataException($"Model metadata key '{ModelMetadataKeys.InputChannels}' must be 1 (gray) or 3 (RGB), not {c}.");

    private static float GetFloat(IReadOnlyDictionary<string, string> map, string key) =>
        float.TryParse(Get(map, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && float.IsFinite(v)
            ? v
            : throw new InvalidDataException($"Model metadata key '{key}' must be a finite number.");
}
