using System.Net;
using System.Text.Json;
using Grpc.Health.V1;
using Siamese.ServiceDefaults;

namespace Siamese.Deploy.Tests;

/// <summary>What operators scrape and probe, read from a host that has done real work, and the dashboard held against it.</summary>
public sealed class ObservabilityTests(ObservedSystem system) : IClassFixture<ObservedSystem>
{
    [Fact]
    public void MetricsAfterIdentifyCarryTheRecognitionSeries()
    {
        string[] expected =
        [
            "siamese_match_decisions_total", "siamese_match_nearest_distance_ratio_bucket", "siamese_match_enrollments_total",
            "siamese_match_index_vectors", "siamese_embed_batch_size_bucket", "siamese_embed_queue_wait_milliseconds_bucket",
            "siamese_embed_execution_provider", "siamese_messaging_queue_wait_milliseconds_bucket", "siamese_detect_frames_total",
            "siamese_ingest_frame_latency_milliseconds_bucket", "dotnet_gc_collections_total", "http_server_request_duration_seconds_bucket",
        ];
        Assert.All(expected, name => Assert.Contains(name, system.SeriesNames));
        Assert.Matches("siamese_match_decisions_total\\{[^}]*decision=\"known\"[^}]*\\} 2", system.Metrics);
        Assert.Matches("siamese_match_decisions_total\\{[^}]*decision=\"unknown\"[^}]*\\} 1", system.Metrics);
        Assert.Matches("siamese_match_enrollments_total\\{[^}]*\\} 2", system.Metrics);
        Assert.Matches("siamese_match_index_vectors\\{[^}]*tenant=\"default\"[^}]*\\} 2", system.Metrics);
        Assert.Matches("siamese_embed_execution_provider\\{[^}]*provider=\"CPU\",requested=\"CPU\"[^}]*\\} 1", system.Metrics);
        Assert.Matches("siamese_messaging_queue_wait_milliseconds_count\\{[^}]*message=\"CropsDetected\"[^}]*\\} [1-9]", system.Metrics);
    }

    [Fact]
    public void DashboardReadsOnlySeriesTheHostsExport()
    {
        var missing = Dashboard.Load().MetricNames().Where(name => !system.SeriesNames.Contains(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "The dashboard reads series no host exports: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task ReadinessAnswersEveryCheckAsJson()
    {
        using var response = await system.Http.GetAsync(new Uri(DefaultEndpoints.ReadyPath, UriKind.Relative));
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks");
        foreach (var name in new[] { "embed-model", "match-index", "detect-model", "masstransit-bus" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }

        Assert.Equal("model pixels:1 on CPU", checks.GetProperty("embed-model").GetProperty("description").GetString());
        Assert.Equal("model pixels:1, index open", checks.GetProperty("match-index").GetProperty("description").GetString());
    }

    [Fact]
    public async Task GrpcHealthServiceServesWhenReady()
    {
        var health = new Health.HealthClient(system.Channel);

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
