using YamlDotNet.RepresentationModel;

namespace Siamese.Deploy.Tests;

/// <summary>A container running a Siamese service image, in its Deployment or StatefulSet.</summary>
internal sealed record SiameseContainer(YamlMappingNode Workload, YamlNode Container, string Service)
{
    public string Describe => $"{Workload.Text("kind")}/{Workload.Text("metadata", "name")} container {Container.Text("name")}";

    /// <summary>Container port number by name (http, grpc).</summary>
    public IReadOnlyDictionary<string, int> Ports =>
        Container.Items("ports").ToDictionary(p => p.Text("name") ?? p.Text("containerPort")!, p => int.Parse(p.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Mount path → volume name.</summary>
    public IReadOnlyDictionary<string, string> Mounts =>
        Container.Items("volumeMounts").ToDictionary(m => m.Text("mountPath")!, m => m.Text("name")!);
}
