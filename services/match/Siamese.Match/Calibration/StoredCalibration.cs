using System.Text.Json;
using System.Text.Json.Serialization;

namespace Siamese.Match.Calibration;

/// <summary>A tenant's calibration as it is kept in the index record's display name (compact JSON).</summary>
internal sealed record StoredCalibration(
    [property: JsonPropertyName("t")] float Threshold,
    [property: JsonPropertyName("target")] double Target,
    [property: JsonPropertyName("far")] double FalseAcceptRate,
    [property: JsonPropertyName("tar")] double TrueAcceptRate,
    [property: JsonPropertyName("g")] long GenuinePairs,
    [property: JsonPropertyName("i")] long ImpostorPairs,
    [property: JsonPropertyName("n")] int Samples,
    [property: JsonPropertyName("l")] int Labels,
    [property: JsonPropertyName("m")] string ModelId,
    [property: JsonPropertyName("at")] DateTimeOffset CalibratedAt)
{
    public static string Write(TenantCalibration c) => JsonSerializer.Serialize(new StoredCalibration(
        c.Threshold, c.TargetFalseAcceptRate, c.FalseAcceptRate, c.TrueAcceptRate, c.GenuinePairs, c.ImpostorPairs, c.Samples, c.Labels,
        c.ModelId, c.CalibratedAt ?? DateTimeOffset.UnixEpoch));

    /// <summary>The calibration, or null when the text is not one (a record this version cannot read is ignored, not fatal).</summary>
    public static TenantCalibration? Read(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredCalibration>(text) is { } s
                ? new TenantCalibration(ThresholdSource.Tenant, s.Threshold, s.Target, s.FalseAcceptRate, s.TrueAcceptRate, s.GenuinePairs,
                    s.ImpostorPairs, s.Samples, s.Labels, s.ModelId, s.CalibratedAt)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
