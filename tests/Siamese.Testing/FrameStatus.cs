using System.Text.Json;

namespace Siamese.Testing;

/// <summary>What ingest says about a frame (the parts a load generator needs).</summary>
public sealed record FrameStatus(Guid FrameId, string Status, string? Reason, JsonElement Body)
{
    public bool Finished => Status is "Done" or "Failed";

    /// <summary>The subject of the highest-scoring crop, or null when there is none.</summary>
    public string? TopSubject =>
        Body.TryGetProperty("crops", out var crops) && crops.GetArrayLength() > 0
            ? crops.EnumerateArray().OrderByDescending(c => c.GetProperty("score").GetSingle()).First().GetProperty("subject").GetString()
            : null;
}
