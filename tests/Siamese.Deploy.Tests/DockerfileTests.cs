using System.Text.RegularExpressions;

namespace Siamese.Deploy.Tests;

/// <summary>
/// What the images set for the services, read from <c>deploy/Dockerfile</c> (no Docker engine here to build one): both
/// final targets run from <c>/app</c>, which belongs to root, so every folder a service writes is an image folder the
/// services' user owns, named by an environment variable.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = RepoFiles.Read("deploy", "Dockerfile");

    [Theory]
    [InlineData("cpu")]
    [InlineData("gpu")]
    public void Every_target_keeps_its_data_in_the_folders_its_user_owns(string target)
    {
        var stage = Stage(target);
        var env = Environment(stage);

        // Before: the relative defaults (data/index, data/keys/keys.json) under /app, and the standalone image stopped at
        // start with "the index folder 'data/index' cannot be created".
        Assert.Equal("/data/index", env.GetValueOrDefault("Match__Embedded__DataDirectory"));
        Assert.Equal("/keys/keys.json", env.GetValueOrDefault("Security__KeyStorePath"));
        Assert.Contains("chown app:app /data /keys", stage, StringComparison.Ordinal);
        Assert.Contains("USER app", stage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gpu_target_says_it_runs_in_a_container()
    {
        // The .NET images set it and the CUDA image does not: standalone listened on loopback only, unreachable from outside.
        Assert.StartsWith("FROM ${CUDA_IMAGE}", Stage("gpu"), StringComparison.Ordinal);
        Assert.Equal("true", Environment(Stage("gpu")).GetValueOrDefault("DOTNET_RUNNING_IN_CONTAINER"));
        Assert.StartsWith("FROM aspnet", Stage("cpu"), StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:", Dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_keys_stay_out_of_the_build_context()
    {
        // COPY . . put secrets/admin-key and secrets/service-key into the SDK stage's layer (and any exported build cache).
        var ignored = RepoFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();

        Assert.Contains("secrets/", ignored);
        Assert.Contains("COPY . .", Dockerfile, StringComparison.Ordinal);
    }

    /// <summary>From <c>FROM … AS target</c> to the next <c>FROM</c>.</summary>
    private static string Stage(string target)
    {
        var start = Regex.Match(Dockerfile, $@"^FROM \S+ AS {target}\s*$", RegexOptions.Multiline);
        Assert.True(start.Success, $"deploy/Dockerfile has no stage '{target}'");
        var next = Dockerfile.IndexOf("\nFROM ", start.Index + 1, StringComparison.Ordinal);
        return Dockerfile[start.Index..(next < 0 ? Dockerfile.Length : next)];
    }

    /// <summary>The variables the stage's ENV instructions set (continued lines joined).</summary>
    private static Dictionary<string, string> Environment(string stage) =>
        EnvInstruction().Matches(stage.Replace("\\\n", " ", StringComparison.Ordinal))
            .SelectMany(m => Assignment().Matches(m.Groups[1].Value))
            .ToDictionary(a => a.Groups[1].Value, a => a.Groups[2].Value);

    [GeneratedRegex(@"^ENV (.*)$", RegexOptions.Multiline)]
    private static partial Regex EnvInstruction();

    [GeneratedRegex(@"(\w+)=(\S*)")]
    private static partial Regex Assignment();
}
