using Siamese.Imaging;
using Siamese.Index;
using Siamese.Match.Calibration;

namespace Siamese.Match;

/// <summary>
/// The answer for one face/item: its nearest subjects (nearest first) and the decision. <see cref="Match"/>
/// is the nearest candidate within <see cref="Threshold"/> that is not <see cref="Refused"/>, null otherwise (unknown).
/// </summary>
public sealed record IdentifyResult(PixelRect? Box, IReadOnlyList<SearchHit> Candidates, SearchHit? Match, float Threshold)
{
    public bool Known => Match is not null;

    /// <summary>Where <see cref="Threshold"/> comes from.</summary>
    public ThresholdSource ThresholdSource { get; init; } = ThresholdSource.Model;

    /// <summary>Distance from the probe to each subject's nearest reported wrong match (subjects with none are absent).</summary>
    public IReadOnlyDictionary<string, float> NegativeDistances { get; init; } = new Dictionary<string, float>();

    /// <summary>Candidates the probe is nearer to a wrong match of than to their examples: never the answer.</summary>
    public IReadOnlySet<string> Refused { get; init; } = new HashSet<string>();
}
