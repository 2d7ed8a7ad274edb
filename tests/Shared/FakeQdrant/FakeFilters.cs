using Grpc.Core;
using Qdrant.Client.Grpc;
using QdrantMatch = Qdrant.Client.Grpc.Match;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>Qdrant's filters (must / should / must_not over keyword, integer and boolean matches) and payload selectors.</summary>
internal static class FakeFilters
{
    public static IEnumerable<FakePoint> Matching(FakeCollection collection, Filter? filter) =>
        filter is null ? collection.Points.Values : collection.Points.Values.Where(p => Holds(filter, p.Payload));

    public static Dictionary<string, Value> Select(Dictionary<string, Value> payload, WithPayloadSelector? selector) => selector?.SelectorOptionsCase switch
    {
        WithPayloadSelector.SelectorOptionsOneofCase.Enable when selector.Enable => payload.ToDictionary(p => p.Key, p => p.Value.Clone()),
        WithPayloadSelector.SelectorOptionsOneofCase.Include => payload.Where(p => selector.Include.Fields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.Clone()),
        WithPayloadSelector.SelectorOptionsOneofCase.Exclude => payload.Where(p => !selector.Exclude.Fields.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.Clone()),
        _ => [],
    };

    private static bool Holds(Filter filter, Dictionary<string, Value> payload) =>
        filter.Must.All(c => Holds(c, payload))
        && (filter.Should.Count == 0 || filter.Should.Any(c => Holds(c, payload)))
        && !filter.MustNot.Any(c => Holds(c, payload));

    private static bool Holds(Condition condition, Dictionary<string, Value> payload) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Filter => Holds(condition.Filter, payload),
        Condition.ConditionOneOfOneofCase.Field when condition.Field.Match is { } match =>
            payload.TryGetValue(condition.Field.Key, out var value) && Matches(match, value),
        _ => throw new RpcException(new Status(StatusCode.Unimplemented, $"the fake Qdrant does not model {condition.ConditionOneOfCase} conditions")),
    };

    private static bool Matches(QdrantMatch match, Value value) => match.MatchValueCase switch
    {
        QdrantMatch.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        QdrantMatch.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        QdrantMatch.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        _ => throw new RpcException(new Status(StatusCode.Unimplemented, $"the fake Qdrant does not model {match.MatchValueCase} matches")),
    };
}
