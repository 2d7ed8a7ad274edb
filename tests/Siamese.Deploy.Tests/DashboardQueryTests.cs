namespace Siamese.Deploy.Tests;

/// <summary>The PromQL reading the dashboard test relies on: it finds metric names and nothing else.</summary>
public sealed class DashboardQueryTests
{
    [Theory]
    [InlineData("sum by (decision) (rate(siamese_match_decisions_total[$__rate_interval]))", "siamese_match_decisions_total")]
    [InlineData("histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{service=~\"$service\"}[5m])))", "http_server_request_duration_seconds_bucket")]
    [InlineData("sum(rate(a_total{decision=\"unknown\"}[5m])) / sum(rate(a_total[5m]))", "a_total")]
    [InlineData("label_values(target_info, service)", "target_info")]
    [InlineData("siamese_embed_execution_provider", "siamese_embed_execution_provider")]
    [InlineData("x_ratio_bucket offset 5m and on (instance) y_total", "x_ratio_bucket,y_total")]
    public void MetricNamesAreTheSeriesAQueryReads(string expression, string expected) =>
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), Dashboard.MetricNames(expression).Order(StringComparer.Ordinal));

    [Fact]
    public void EveryPanelQueriesTheProvisionedPrometheus()
    {
        var dashboard = Dashboard.Load();
        Assert.Equal("prometheus", dashboard.DataSourceUid);
        Assert.True(dashboard.Queries.Count >= 20, $"{dashboard.Queries.Count} queries");
        Assert.Contains("siamese_match_decisions_total", dashboard.MetricNames());
    }
}
