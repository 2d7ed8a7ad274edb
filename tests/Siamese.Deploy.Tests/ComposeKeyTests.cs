using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace Siamese.Deploy.Tests;

/// <summary>
/// API keys as docker-compose.yml deploys them: one key store on a named volume every host mounts (match writes), the
/// admin and service keys as compose secrets from files deploy/keys.sh makes (no Docker engine needed).
/// </summary>
public sealed class ComposeKeyTests
{
    private const string SecretsFolder = "./secrets/";

    private static readonly YamlMappingNode Compose = Yaml.Documents(RepoFiles.Read("docker-compose.yml")).Single();

    private static IEnumerable<(string Name, YamlNode Spec)> SiameseServices =>
        Compose.Entries("services").Where(s => s.Value.Text("build", "args", "SERVICE") is not null);

    private static IReadOnlyDictionary<string, string?> Environment(YamlNode spec) =>
        spec.Entries("environment").ToDictionary(e => e.Key, e => e.Value.Text(), StringComparer.Ordinal);

    [Fact]
    public void EveryHostReadsTheKeyStoreOnTheSharedVolumeAndOnlyMatchWritesIt()
    {
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, spec) in SiameseServices)
        {
            var path = Environment(spec).GetValueOrDefault("Security__KeyStorePath");
            Assert.True(path is not null && path.StartsWith('/'), $"{name}: no absolute Security__KeyStorePath (each container would keep its own store)");
            var mount = spec.Items("volumes").Select(v => v.Text()!.Split(':'))
                .Where(m => path!.StartsWith(m[1].TrimEnd('/') + "/", StringComparison.Ordinal))
                .MaxBy(m => m[1].Length) ?? throw new Xunit.Sdk.XunitException($"{name}: the key store {path} is on no volume");
            Assert.True(Compose.At("volumes", mount[0]) is not null, $"{name}: the key store is on '{mount[0]}', not a named volume the services share");
            volumes.Add(mount[0]);
            var writer = name == KeyFiles.KeyStoreWriter;
            Assert.True(writer == !mount.Skip(2).Contains("ro"), $"{name}: the key store is {(writer ? "read-only where the Admin API writes it" : "writable by a host that only reads it")}");
        }

        Assert.Single(volumes);
    }

    [Fact]
    public void KeyFilesAreComposeSecretsFromTheGitIgnoredFolder()
    {
        var files = 0;
        foreach (var (name, spec) in SiameseServices)
        {
            foreach (var (setting, path) in Environment(spec).Where(e => e.Key.StartsWith("Security__", StringComparison.Ordinal) && e.Key.EndsWith("KeyFile", StringComparison.Ordinal)))
            {
                var secret = SecretAt(name, spec, setting, path!);
                var file = Compose.Text("secrets", secret, "file");
                Assert.True(file is not null && file.StartsWith(SecretsFolder, StringComparison.Ordinal), $"secret '{secret}' is not a file under {SecretsFolder}");
                files++;
            }
        }

        Assert.True(files > 0);
        Assert.Contains("/secrets/", RepoFiles.Read(".gitignore").Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void MatchHoldsTheAdminKeyAndCallsEmbedWithTheServiceKeyEmbedAccepts()
    {
        var services = SiameseServices.ToDictionary(s => s.Name, s => s.Spec, StringComparer.Ordinal);
        foreach (var (name, spec) in services)
        {
            var env = Environment(spec);
            Assert.True(env.ContainsKey("Security__AdminKeyFile") == (name == KeyFiles.KeyStoreWriter), $"{name}: the admin key belongs to the host of the Admin API only");
            foreach (var (_, setting, callee) in KeyFiles.Calls.Where(c => c.Caller == name && env.ContainsKey(c.Setting)))
            {
                Assert.True(env.ContainsKey("Security__ServiceKeyFile"), $"{name} sets {setting} without the service key (it would refuse to start)");
                var sent = SecretAt(name, spec, "Security__ServiceKeyFile", env["Security__ServiceKeyFile"]!);
                var accepted = Environment(services[callee]).GetValueOrDefault("Security__ServiceKeyFile")
                    ?? throw new Xunit.Sdk.XunitException($"{callee} does not know the service key {name} calls it with");
                Assert.Equal(sent, SecretAt(callee, services[callee], "Security__ServiceKeyFile", accepted));
            }
        }
    }

    [Fact]
    public void KeysScriptWritesKeysEveryHostAcceptsAndKeepsThemOnASecondRun()
    {
        var folder = Directory.CreateTempSubdirectory("siamese-keys-");
        try
        {
            var target = Path.Combine(folder.FullName, "secrets");
            RunKeysScript(target);
            var secrets = Compose.Entries("secrets").Select(s => s.Key).ToList();
            Assert.NotEmpty(secrets);
            var first = secrets.ToDictionary(s => s, s => File.ReadAllText(Path.Combine(target, s)), StringComparer.Ordinal);
            Assert.All(first, k => Assert.Empty(KeyFiles.ProblemsOfFile(Path.Combine(target, k.Key))));
            Assert.Equal(first.Count, first.Values.Distinct(StringComparer.Ordinal).Count());

            RunKeysScript(target);
            Assert.All(first, k => Assert.Equal(k.Value, File.ReadAllText(Path.Combine(target, k.Key))));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The compose secret behind <paramref name="path"/>: a secret the service lists, mounted at /run/secrets/&lt;name&gt;.</summary>
    private static string SecretAt(string service, YamlNode spec, string setting, string path)
    {
        const string Mounted = "/run/secrets/";
        Assert.True(path.StartsWith(Mounted, StringComparison.Ordinal), $"{service}: {setting}={path} is not where compose mounts secrets ({Mounted}<name>)");
        var secret = path[Mounted.Length..];
        Assert.True(spec.Items("secrets").Any(s => s.Text() == secret), $"{service}: {setting}={path}, but the service does not list secret '{secret}'");
        Assert.True(Compose.At("secrets", secret) is not null, $"{service}: secret '{secret}' is not defined");
        return secret;
    }

    private static void RunKeysScript(string folder)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [RepoFiles.File("deploy", "keys.sh"), folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"deploy/keys.sh exited {process.ExitCode}: {output}");
    }
}
