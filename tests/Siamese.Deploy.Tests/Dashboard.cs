using System.Text.Json;
using System.Text.RegularExpressions;

namespace Siamese.Deploy.Tests;

/// <summary>The provisioned Grafana dashboard (deploy/grafana/dashboards/siamese.json): its queries and the series they name.</summary>
internal sealed partial class Dashboard
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan",
    };

    private Dashboard(IReadOnlyList<string> queries, string dataSourceUid)
    {
        Queries = queries;
        DataSourceUid = dataSourceUid;
    }

    /// <summary>Every PromQL expression: panel targets and template variable queries.</summary>
    public IReadOnlyList<string> Queries { get; }

    /// <summary>The Prometheus data source every panel names.</summary>
    public string DataSourceUid { get; }

    public static Dashboard Load()
    {
        using var json = JsonDocument.Parse(RepoFiles.Read("deploy", "grafana", "dashboards", "siamese.json"));
        var queries = new List<string>();
        var sources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in Panels(json.RootElement))
        {
            if (panel.TryGetProperty("datasource", out var ds) && ds.TryGetProperty("uid", out var uid))
            {
                sources.Add(uid.GetString()!);
            }

            if (panel.TryGetProperty("targets", out var targets))
            {
                queries.AddRange(targets.EnumerateArray().Select(t => t.GetProperty("expr").GetString()!));
            }
        }

        foreach (var variable in json.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var query = variable.GetProperty("query");
            queries.Add(query.ValueKind == JsonValueKind.String ? query.GetString()! : query.GetProperty("query").GetString()!);
        }

        return new Dashboard(queries, sources.Single());
    }

    /// <summary>
    /// The metric names a PromQL expression reads: what is left after strings, label matchers, range selectors,
    /// grouping clauses, function calls, keywords and numbers are taken out.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = LabelValuesArgument().Replace(text, "$1");
        text = NumberOrDuration().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !IsFunctionCall(text, m) && !PromQlWords.Contains(m.Value) && !m.Value.StartsWith('$'))
            .Select(m => m.Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every metric name of every query.</summary>
    public IReadOnlySet<string> MetricNames() => Queries.SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);

    private static bool IsFunctionCall(string text, System.Text.RegularExpressions.Match identifier)
    {
        var next = identifier.Index + identifier.Length;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next < text.Length && text[next] == '(';
    }

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in Panels(panel))
            {
                yield return nested;
            }
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex Grouping();

    /// <summary><c>label_values(metric, label)</c>: the label is not a metric.</summary>
    [GeneratedRegex(@"label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)")]
    private static partial Regex LabelValuesArgument();

    /// <summary>0.95, 1e3, 5m, 1h30m: not names.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9_:$])\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:ms|[smhdwy])*(?![A-Za-z0-9_:])")]
    private static partial Regex NumberOrDuration();

    [GeneratedRegex(@"\$?[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();
}
