using Siamese.ServiceDefaults;

namespace Siamese.Deploy.Tests;

/// <summary>docker-compose.yml and the Prometheus it starts, held against the code (no Docker engine needed).</summary>
public sealed class ComposeTests
{
    private static readonly YamlDotNet.RepresentationModel.YamlMappingNode Compose = Yaml.Documents(RepoFiles.Read("docker-compose.yml")).Single();

    private static IEnumerable<(string Name, YamlDotNet.RepresentationModel.YamlNode Spec)> Services => Compose.Entries("services");

    private static IEnumerable<(string Name, YamlDotNet.RepresentationModel.YamlNode Spec)> SiameseServices =>
        Services.Where(s => s.Spec.Text("build", "args", "SERVICE") is not null);

    [Fact]
    public void EveryHostIsBuiltFromTheDockerfileForItsService()
    {
        Assert.Equal(HostSettings.Services.Order(StringComparer.Ordinal), SiameseServices.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.All(SiameseServices, s =>
        {
            Assert.Equal(s.Name, s.Spec.Text("build", "args", "SERVICE"));
            Assert.Equal("deploy/Dockerfile", s.Spec.Text("build", "dockerfile"));
        });
    }

    [Fact]
    public void EveryEnvironmentVariableNamesARealOptionAndBinds()
    {
        var problems = SiameseServices
            .SelectMany(s => OptionsCatalog.Instance.Problems(s.Spec.Entries("environment").ToDictionary(e => e.Key, e => e.Value.Text())).Select(p => $"{s.Name}: {p}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void EveryDependencyWaitsUntilItIsHealthy()
    {
        var withHealthCheck = Services.Where(s => s.Spec.At("healthcheck") is not null).Select(s => s.Name).ToHashSet();
        foreach (var (name, spec) in Services)
        {
            foreach (var (dependency, condition) in spec.Entries("depends_on"))
            {
                Assert.True(condition.Text("condition") == "service_healthy", $"{name} depends on {dependency} without condition: service_healthy");
                Assert.Contains(dependency, withHealthCheck);
            }

            Assert.Empty(spec.Items("depends_on"));
        }

        Assert.Contains("rabbitmq", Services.Single(s => s.Name == "detect").Spec.Entries("depends_on").Select(d => d.Key));
        Assert.Contains("embed", Services.Single(s => s.Name == "match").Spec.Entries("depends_on").Select(d => d.Key));
    }

    [Fact]
    public void HostHealthChecksAskTheirReadinessOnTheirHttpPort()
    {
        foreach (var (name, spec) in SiameseServices)
        {
            var test = spec.Items("healthcheck", "test").Select(t => t.Text()).ToList();
            Assert.Equal(["CMD", "/app/healthcheck", HostSettings.Ports(name)["http"].ToString(System.Globalization.CultureInfo.InvariantCulture), DefaultEndpoints.ReadyPath], test);
        }

        // The script the checks run is the one the image carries (deploy/publish.sh installs it as /app/healthcheck).
        Assert.Contains("deploy/healthcheck.sh \"$out/healthcheck\"", RepoFiles.Read("deploy", "publish.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public void PrometheusScrapesEveryHostsMetricsOnItsHttpPort()
    {
        var config = Yaml.Documents(RepoFiles.Read("deploy", "prometheus", "prometheus.yml")).Single();
        var job = config.Items("scrape_configs").Single(j => j.Text("job_name") == "siamese");
        Assert.Equal(DefaultEndpoints.MetricsPath, job.Text("metrics_path"));
        var targets = job.Items("static_configs").ToDictionary(s => s.Text("labels", "service")!, s => s.Items("targets").Single().Text()!);
        Assert.Equal(HostSettings.Services.Order(StringComparer.Ordinal), targets.Keys.Order(StringComparer.Ordinal));
        Assert.All(targets, t => Assert.Equal($"{t.Key}:{HostSettings.Ports(t.Key)["http"]}", t.Value));
    }

    [Fact]
    public void GrafanaIsProvisionedWithTheDashboardAndItsDataSource()
    {
        var grafana = Services.Single(s => s.Name == "grafana").Spec;
        var mounts = grafana.Items("volumes").Select(v => v.Text()!).ToList();
        Assert.Contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro", mounts);
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", mounts);
        var provider = Yaml.Documents(RepoFiles.Read("deploy", "grafana", "provisioning", "dashboards", "siamese.yml")).Single();
        Assert.Equal("/var/lib/grafana/dashboards", provider.Items("providers").Single().Text("options", "path"));
        var source = Yaml.Documents(RepoFiles.Read("deploy", "grafana", "provisioning", "datasources", "prometheus.yml")).Single();
        Assert.Equal(Dashboard.Load().DataSourceUid, source.Items("datasources").Single().Text("uid"));
    }
}
