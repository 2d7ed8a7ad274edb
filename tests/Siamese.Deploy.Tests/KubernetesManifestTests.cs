using System.Reflection;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

namespace Siamese.Deploy.Tests;

/// <summary>
/// The Kubernetes manifests, rendered by kustomize for the base and every overlay, held against the code: settings
/// name real options, queues are real endpoints, ports and probe paths are what the hosts map, models and the
/// embedded index live on volumes.
/// </summary>
public sealed class KubernetesManifestTests
{
    [KubectlFact]
    public void EveryKustomizationRendersTheFourServicesAndTheBroker()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            var services = cluster.SiameseContainers.Select(c => c.Service).ToHashSet();
            Assert.True(HostSettings.Services.All(services.Contains), $"{cluster.Folder} renders {string.Join(", ", services)}");
            Assert.NotNull(cluster.Find("StatefulSet", "rabbitmq"));
            Assert.All(cluster.Workloads, w => Assert.Equal("siamese", w.Text("metadata", "namespace")));
        }
    }

    [KubectlFact]
    public void EveryEnvironmentVariableNamesARealOptionAndBinds()
    {
        var problems = (from cluster in Rendered.Clusters
                        from container in cluster.SiameseContainers
                        from problem in OptionsCatalog.Instance.Problems(cluster.Environment(container.Container))
                        select $"{cluster.Folder} {container.Describe}: {problem}").Distinct().ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [KubectlFact]
    public void KedaScalesEmbedOnTheQueueEmbedConsumes()
    {
        var queues = typeof(QueueNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToList();
        var scaled = Rendered.Clusters.SelectMany(c => c.OfKind("ScaledObject").Select(s => (Cluster: c, Object: s))).ToList();
        Assert.NotEmpty(scaled);
        foreach (var (cluster, scaledObject) in scaled)
        {
            foreach (var trigger in scaledObject.Items("spec", "triggers").Where(t => t.Text("type") == "rabbitmq"))
            {
                Assert.Contains(trigger.Text("metadata", "queueName"), queues);
                Assert.Equal(QueueNames.Embed, trigger.Text("metadata", "queueName"));
                var auth = trigger.Text("authenticationRef", "name");
                Assert.True(auth is null || cluster.Find("TriggerAuthentication", auth) is not null, $"TriggerAuthentication '{auth}' is not rendered");
            }

            var target = scaledObject.Text("spec", "scaleTargetRef", "name");
            Assert.Contains(cluster.SiameseContainers, c => c.Workload.Text("metadata", "name") == target && c.Service == "embed");
        }
    }

    [KubectlFact]
    public void ContainerPortsAreTheHostsKestrelEndpoints()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var container in cluster.SiameseContainers)
            {
                Assert.Equal(HostSettings.Ports(container.Service).OrderBy(p => p.Key), container.Ports.OrderBy(p => p.Key));
            }
        }
    }

    [KubectlFact]
    public void ProbesAndScrapeAnnotationsUseThePathsAndPortTheHostsMap()
    {
        foreach (var container in Rendered.Clusters.SelectMany(c => c.SiameseContainers))
        {
            var http = HostSettings.Ports(container.Service)["http"];
            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                if (container.Container.At(probe) is not { } node)
                {
                    continue;
                }

                Assert.Contains(node.Text("httpGet", "path"), new[] { DefaultEndpoints.LivePath, DefaultEndpoints.ReadyPath });
                Assert.Equal("http", node.Text("httpGet", "port"));
            }

            Assert.Equal(DefaultEndpoints.LivePath, container.Container.Text("livenessProbe", "httpGet", "path"));
            Assert.Equal(DefaultEndpoints.ReadyPath, container.Container.Text("readinessProbe", "httpGet", "path"));
            var annotations = container.Workload.At("spec", "template", "metadata", "annotations");
            Assert.Equal("true", annotations.Text("prometheus.io/scrape"));
            Assert.Equal(DefaultEndpoints.MetricsPath, annotations.Text("prometheus.io/path"));
            Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations.Text("prometheus.io/port"));
        }
    }

    [KubectlFact]
    public void ServicesExposeTheContainersPortsUnderTheirNumbers()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var container in cluster.SiameseContainers)
            {
                var name = container.Workload.Text("metadata", "name")!;
                var service = cluster.Find("Service", name) ?? throw new InvalidOperationException($"{cluster.Folder}: no Service '{name}'");
                Assert.Equal(name, service.Text("spec", "selector", "app"));
                var exposed = service.Items("spec", "ports").ToDictionary(p => p.Text("targetPort")!, p => int.Parse(p.Text("port")!, System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(container.Ports.OrderBy(p => p.Key), exposed.OrderBy(p => p.Key));
            }
        }
    }

    [KubectlFact]
    public void AddressesInSettingsReachTheRightServicePort()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var container in cluster.SiameseContainers)
            {
                var env = cluster.Environment(container.Container);
                AssertReaches(cluster, env, "Match__EmbedAddress", "embed", "grpc");
                AssertReaches(cluster, env, "Messaging__RabbitMqUri", "rabbitmq", "amqp");
                AssertReaches(cluster, env, "Match__Qdrant__Url", "qdrant", "grpc");
            }
        }
    }

    [KubectlFact]
    public void EveryServiceThatLoadsModelsFindsThemOnAFilledVolume()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var container in cluster.SiameseContainers.Where(c => c.Service != "ingest"))
            {
                var env = cluster.Environment(container.Container);
                Assert.True(env.ContainsKey("Models__Embedding"), $"{cluster.Folder} {container.Describe} has no Models__Embedding");
                foreach (var (name, path) in env.Where(e => e.Key.StartsWith("Models__", StringComparison.Ordinal)))
                {
                    var mount = container.Mounts.Keys.FirstOrDefault(m => path!.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal));
                    Assert.True(mount is not null, $"{cluster.Folder} {container.Describe}: {name}={path} is on no mounted volume");
                    var volume = container.Mounts[mount!];
                    var filled = container.Workload.Items("spec", "template", "spec", "initContainers")
                        .Any(init => init.Items("volumeMounts").Any(m => m.Text("name") == volume));
                    Assert.True(filled, $"{cluster.Folder} {container.Describe}: volume '{volume}' at {mount} is filled by no init container");
                }
            }
        }
    }

    [KubectlFact]
    public void MatchOnTheEmbeddedIndexKeepsItOnAPersistentVolume()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            var match = cluster.SiameseContainers.Single(c => c.Service == "match");
            var env = cluster.Environment(match.Container);
            if (env.GetValueOrDefault("Match__Index") is { } index && index != "Embedded")
            {
                Assert.NotNull(cluster.Find("Service", new Uri(env["Match__Qdrant__Url"]!).Host) ?? cluster.Find("StatefulSet", "qdrant"));
                continue;
            }

            Assert.Equal("StatefulSet", match.Workload.Text("kind"));
            Assert.Equal("1", match.Workload.Text("spec", "replicas"));
            var data = env["Match__Embedded__DataDirectory"]!;
            var mount = match.Mounts.Keys.Single(m => data.StartsWith(m.TrimEnd('/') + "/", StringComparison.Ordinal));
            Assert.Contains(match.Workload.Items("spec", "volumeClaimTemplates"), t => t.Text("metadata", "name") == match.Mounts[mount]);
        }
    }

    [KubectlFact]
    public void GpuOverlayRunsEmbedOnCudaAndRequiresIt()
    {
        var embed = Rendered.Of("overlays/gpu").SiameseContainers.Single(c => c.Service == "embed");
        var env = Rendered.Of("overlays/gpu").Environment(embed.Container);
        Assert.Equal("Cuda", env["Embed__ExecutionProvider"]);
        Assert.Equal("true", env["Embed__RequireGpu"]);
        Assert.EndsWith(":gpu", embed.Container.Text("image"), StringComparison.Ordinal);
        Assert.Equal("1", embed.Container.Text("resources", "limits", "nvidia.com/gpu"));
        var cpuEmbed = Rendered.Of("base").SiameseContainers.Single(c => c.Service == "embed");
        Assert.DoesNotContain(":", cpuEmbed.Container.Text("image"), StringComparison.Ordinal);
    }

    [KubectlFact]
    public void ThirdPartyImagesArePinnedToAVersion()
    {
        var images = Rendered.Clusters.SelectMany(c => c.Workloads)
            .SelectMany(w => w.Items("spec", "template", "spec", "containers"))
            .Select(c => c.Text("image")!)
            .Where(i => !i.StartsWith("siamese-", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.Matches(@":v?\d+\.\d+\.\d+", i));
    }

    private static void AssertReaches(Cluster cluster, IReadOnlyDictionary<string, string?> env, string setting, string service, string portName)
    {
        if (env.GetValueOrDefault(setting) is not { } value)
        {
            return;
        }

        var uri = new Uri(value);
        Assert.True(uri.Host == service, $"{cluster.Folder}: {setting}={value} does not name the '{service}' Service");
        var target = cluster.Find("Service", service) ?? throw new InvalidOperationException($"{cluster.Folder}: {setting} names Service '{service}', which is not rendered");
        var port = target.Items("spec", "ports").SingleOrDefault(p => p.Text("name") == portName)?.Text("port");
        Assert.True(port == uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{cluster.Folder}: {setting}={value} but Service '{service}' serves {portName} on {port}");
    }
}
