using System.Text;
using YamlDotNet.RepresentationModel;

namespace Siamese.Deploy.Tests;

/// <summary>The rendered manifests of one kustomization, with each Siamese container's environment resolved.</summary>
internal sealed class Cluster
{
    private readonly IReadOnlyList<YamlMappingNode> _documents;

    private Cluster(string folder, IReadOnlyList<YamlMappingNode> documents)
    {
        Folder = folder;
        _documents = documents;
    }

    /// <summary>The kustomization rendered (relative to deploy/k8s): base and every overlay.</summary>
    public static IReadOnlyList<string> Kustomizations { get; } =
        ["base", .. Directory.GetDirectories(RepoFiles.File("deploy", "k8s", "overlays")).Select(d => "overlays/" + Path.GetFileName(d)).Order(StringComparer.Ordinal)];

    public string Folder { get; }

    public static Cluster Render(string folder) => new(folder, Yaml.Documents(Kubectl.Kustomize(folder)));

    public IEnumerable<YamlMappingNode> OfKind(string kind) => _documents.Where(d => d.Text("kind") == kind);

    public YamlMappingNode? Find(string kind, string name) => OfKind(kind).FirstOrDefault(d => d.Text("metadata", "name") == name);

    /// <summary>Deployments and StatefulSets.</summary>
    public IEnumerable<YamlMappingNode> Workloads => OfKind("Deployment").Concat(OfKind("StatefulSet"));

    /// <summary>The containers that run a Siamese service image (<c>siamese-&lt;service&gt;[:tag]</c>), with their workload.</summary>
    public IEnumerable<SiameseContainer> SiameseContainers =>
        from workload in Workloads
        from container in workload.Items("spec", "template", "spec", "containers")
        let image = container.Text("image") ?? ""
        where image.StartsWith("siamese-", StringComparison.Ordinal)
        select new SiameseContainer(workload, container, image["siamese-".Length..].Split(':')[0]);

    /// <summary>The container's environment: envFrom config maps and secrets, then env (values and key references).</summary>
    public IReadOnlyDictionary<string, string?> Environment(YamlNode container)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var source in container.Items("envFrom"))
        {
            if (source.Text("configMapRef", "name") is { } map)
            {
                foreach (var (key, value) in Data("ConfigMap", map))
                {
                    env[key] = value;
                }
            }

            if (source.Text("secretRef", "name") is { } secret)
            {
                foreach (var (key, value) in Data("Secret", secret))
                {
                    env[key] = value;
                }
            }
        }

        foreach (var item in container.Items("env"))
        {
            var name = item.Text("name")!;
            env[name] = item.Text("value")
                ?? (item.Text("valueFrom", "secretKeyRef", "name") is { } s ? Data("Secret", s).GetValueOrDefault(item.Text("valueFrom", "secretKeyRef", "key")!) : null)
                ?? (item.Text("valueFrom", "configMapKeyRef", "name") is { } m ? Data("ConfigMap", m).GetValueOrDefault(item.Text("valueFrom", "configMapKeyRef", "key")!) : null);
        }

        return env;
    }

    /// <summary>A config map's data, or a secret's stringData and (decoded) data.</summary>
    public IReadOnlyDictionary<string, string?> Data(string kind, string name)
    {
        var doc = Find(kind, name) ?? throw new InvalidOperationException($"{Folder}: {kind} '{name}' is referenced but not rendered");
        var data = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in doc.Entries("data"))
        {
            var text = ((YamlScalarNode)value).Value;
            data[key] = kind == "Secret" && text is not null ? Encoding.UTF8.GetString(Convert.FromBase64String(text)) : text;
        }

        foreach (var (key, value) in doc.Entries("stringData"))
        {
            data[key] = ((YamlScalarNode)value).Value;
        }

        return data;
    }
}
