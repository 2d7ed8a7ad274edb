namespace Siamese.Deploy.Tests;

/// <summary>
/// API keys as the Kubernetes manifests deploy them, held against what the hosts require at start (SecurityOptions,
/// RequireServiceKey): one key store every pod shares, the admin key where the Admin API is, the service key on both
/// ends of every call between hosts, each key a file from a Secret.
/// </summary>
public sealed class KubernetesKeyTests
{
    [KubectlFact]
    public void EveryHostReadsTheOneKeyStoreOnAVolumeEveryPodShares()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            var claims = new HashSet<string>(StringComparer.Ordinal);
            foreach (var container in cluster.SiameseContainers)
            {
                var where = $"{cluster.Folder} {container.Describe}";
                var env = cluster.Environment(container.Container);
                Assert.True(env.GetValueOrDefault("Security__Mode") is null or "ApiKeys", $"{where}: Security__Mode={env.GetValueOrDefault("Security__Mode")} (open mode is loopback only)");

                // Without it each pod would keep its own store (data/keys/keys.json in the container): a tenant's key works on one host only.
                var path = env.GetValueOrDefault("Security__KeyStorePath");
                Assert.True(path is not null && Path.IsPathRooted(path), $"{where}: no absolute Security__KeyStorePath");
                var mount = container.MountOf(path!) ?? throw new Xunit.Sdk.XunitException($"{where}: the key store {path} is on no mounted volume");
                var claim = container.Volume(mount.Text("name")!).Text("persistentVolumeClaim", "claimName");
                Assert.True(claim is not null, $"{where}: the key store is on volume '{mount.Text("name")}', not a PersistentVolumeClaim the pods share");
                claims.Add(claim!);

                var writer = container.Service == KeyFiles.KeyStoreWriter;
                Assert.True(writer == (mount.Text("readOnly") is null or "false"), $"{where}: the key store is {(writer ? "read-only where the Admin API writes it" : "writable by a host that only reads it")}");
            }

            var shared = Assert.Single(claims);
            var pvc = cluster.Find("PersistentVolumeClaim", shared) ?? throw new Xunit.Sdk.XunitException($"{cluster.Folder}: PersistentVolumeClaim '{shared}' is not rendered");
            Assert.Contains("ReadWriteMany", pvc.Items("spec", "accessModes").Select(m => m.Text()));
        }
    }

    [KubectlFact]
    public void EveryKeyFileIsAKeyOfARenderedSecretMountedAtThatPath()
    {
        var files = (from cluster in Rendered.Clusters
                     from container in cluster.SiameseContainers
                     from setting in cluster.Environment(container.Container)
                     where setting.Key.StartsWith("Security__", StringComparison.Ordinal) && setting.Key.EndsWith("KeyFile", StringComparison.Ordinal)
                     select SecretFile(cluster, container, setting.Key)).ToList();
        Assert.NotEmpty(files);
    }

    [KubectlFact]
    public void MatchServesTheAdminApiWithTheAdminKeyAndNoOtherHostHoldsIt()
    {
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var container in cluster.SiameseContainers)
            {
                var env = cluster.Environment(container.Container);
                var holds = env.ContainsKey("Security__AdminKeyFile") || env.ContainsKey("Security__AdminKey");
                Assert.True(holds == (container.Service == KeyFiles.KeyStoreWriter), $"{cluster.Folder} {container.Describe}: {(holds ? "holds" : "lacks")} the admin key");
                Assert.False(env.ContainsKey("Security__AdminKey") || env.ContainsKey("Security__ServiceKey"), $"{cluster.Folder} {container.Describe}: a key in an environment variable (use the *KeyFile setting)");
            }
        }
    }

    [KubectlFact]
    public void AHostThatCallsAnotherCarriesTheServiceKeyTheCalleeAccepts()
    {
        var calls = 0;
        foreach (var cluster in Rendered.Clusters)
        {
            foreach (var caller in cluster.SiameseContainers)
            {
                var env = cluster.Environment(caller.Container);
                foreach (var (_, setting, callee) in KeyFiles.Calls.Where(c => c.Caller == caller.Service && env.ContainsKey(c.Setting)))
                {
                    // The host refuses to start otherwise ("... needs the deployment's service key").
                    var sent = SecretFile(cluster, caller, "Security__ServiceKeyFile");
                    foreach (var target in cluster.SiameseContainers.Where(c => c.Service == callee))
                    {
                        Assert.Equal(sent, SecretFile(cluster, target, "Security__ServiceKeyFile"));
                    }

                    calls++;
                }
            }
        }

        Assert.True(calls > 0, "no manifest sets Match__EmbedAddress: the check above checked nothing");
    }

    [KubectlFact]
    public void TheKeysInTheRepositoryArePlaceholdersEveryHostRefuses()
    {
        var cluster = Rendered.Of("base");
        var secrets = cluster.SiameseContainers
            .SelectMany(c => c.Container.Items("volumeMounts").Select(m => c.Volume(m.Text("name")!).Text("secret", "secretName")))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(secrets);
        foreach (var (key, value) in secrets.SelectMany(s => cluster.Data("Secret", s)))
        {
            // A deployment applied without replacing them stops at start saying how to make a key, rather than running
            // with a key everyone who read this repository knows.
            Assert.Contains("REPLACE", value, StringComparison.Ordinal);
            Assert.True(KeyFiles.Problems(value!).Any(p => p.Contains("too weak", StringComparison.Ordinal)), $"the placeholder of '{key}' would be accepted as a key");
        }
    }

    /// <summary>
    /// The Secret and key behind the file a <c>Security__*KeyFile</c> setting names: the file must lie on a secret volume
    /// of the pod, as one of the secret's keys, and the Secret must be rendered with that key.
    /// </summary>
    private static (string Secret, string Key) SecretFile(Cluster cluster, SiameseContainer container, string setting)
    {
        var where = $"{cluster.Folder} {container.Describe}";
        var path = cluster.Environment(container.Container).GetValueOrDefault(setting)
            ?? throw new Xunit.Sdk.XunitException($"{where}: no {setting}");
        var mount = container.MountOf(path) ?? throw new Xunit.Sdk.XunitException($"{where}: {setting}={path} is on no mounted volume");
        var volume = container.Volume(mount.Text("name")!);
        var secret = volume.Text("secret", "secretName") ?? throw new Xunit.Sdk.XunitException($"{where}: {setting}={path} is not on a secret volume");
        var file = path[(mount.Text("mountPath")!.TrimEnd('/').Length + 1)..];
        var items = volume.Items("secret", "items").ToList();
        var key = items.Count == 0 ? file : items.SingleOrDefault(i => i.Text("path") == file)?.Text("key")
            ?? throw new Xunit.Sdk.XunitException($"{where}: {setting}={path}, but the secret volume projects no item to '{file}'");
        Assert.True(cluster.Data("Secret", secret).ContainsKey(key), $"{where}: {setting}={path}: Secret '{secret}' has no key '{key}'");
        return (secret, key);
    }
}
