namespace Siamese.Index.Qdrant.Api;

/// <summary>
/// Body of <c>POST /collections/{name}/points/search/groups</c>. For the Euclid distance the score is the
/// distance and <see cref="ScoreThreshold"/> is an upper bound.
/// </summary>
public sealed record SearchGroupsRequest(
    float[] Vector,
    Filter Filter,
    string GroupBy,
    int GroupSize,
    int Limit,
    float? ScoreThreshold,
    bool WithPayload,
    SearchParams? Params = null);
