using Siamese.Imaging;
using Siamese.Index;

namespace Siamese.Match;

/// <summary>
/// The answer for one face/item: its nearest subjects (nearest first) and the decision. <see cref="Match"/>
/// is the nearest candidate when it is within <see cref="Threshold"/>, null otherwise (unknown).
/// </summary>
public sealed record IdentifyResult(PixelRect? Box, IReadOnlyList<SearchHit> Candidates, SearchHit? Match, float Threshold)
{
    public bool Known => Match is not null;
}
