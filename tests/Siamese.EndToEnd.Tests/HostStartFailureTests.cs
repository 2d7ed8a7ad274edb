using System.Net;
using System.Net.Sockets;

namespace Siamese.EndToEnd.Tests;

/// <summary>
/// A host that cannot start (a model file that is not a model, its port taken) exits with code 1 and one line naming
/// the cause, as an operator reads it in <c>kubectl logs</c>: not an unhandled "task was canceled" and an abort (134).
/// </summary>
public sealed class HostStartFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("Siamese.Embed.Host", "embed")]
    [InlineData("Siamese.Match.Host", "match")]
    [InlineData("Siamese.Detect.Host", "detect")]
    public async Task A_model_file_that_is_not_a_model_ends_the_host_with_exit_code_1_naming_the_file(string project, string folder)
    {
        var model = Path.Combine(_dir.Path, "model.onnx");
        await File.WriteAllTextAsync(model, "this is not an ONNX model");

        var port = ServiceProcess.FreePort();
        await using var host = ServiceProcess.Start(project, folder, port, Environment(port, model));

        Assert.True(await host.WaitForExitAsync(TimeSpan.FromMinutes(1)), $"{project} did not exit:\n{host.Output}");
        Assert.True(host.ExitCode == 1, $"exit code {host.ExitCode}:\n{host.Output}");

        // The model loads beside Kestrel's start: "could not start" when it fails first, "stopped" when the port was bound.
        var line = host.Output.Split('\n').SingleOrDefault(l => l.StartsWith($"{project} could not start: ", StringComparison.Ordinal) || l.StartsWith($"{project} stopped: ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no line naming the cause:\n{host.Output}");
        Assert.Contains(model, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_ends_the_host_with_exit_code_1_saying_so()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var host = ServiceProcess.Start("Siamese.Ingest.Host", "ingest", port, Environment(port, model: null));

        Assert.True(await host.WaitForExitAsync(TimeSpan.FromMinutes(1)), $"ingest did not exit:\n{host.Output}");
        Assert.True(host.ExitCode == 1, $"exit code {host.ExitCode}:\n{host.Output}");
        Assert.Contains("Siamese.Ingest.Host could not start: ", host.Output, StringComparison.Ordinal);
        Assert.Contains("address already in use", host.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_cannot_be_read_as_its_type_ends_the_host_with_exit_code_1_naming_the_setting()
    {
        var port = ServiceProcess.FreePort();
        var environment = Environment(port, model: null);
        environment["Match__Index"] = "Nope";
        await using var host = ServiceProcess.Start("Siamese.Match.Host", "match", port, environment);

        // It fails while the services are registered, before the host is built: that used to be an unhandled exception (134).
        Assert.True(await host.WaitForExitAsync(TimeSpan.FromMinutes(1)), $"match did not exit:\n{host.Output}");
        Assert.True(host.ExitCode == 1, $"exit code {host.ExitCode}:\n{host.Output}");
        Assert.Contains("Siamese.Match.Host could not start: Failed to convert configuration value 'Nope' at 'Match:Index'", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Environment(int httpPort, string? model)
    {
        var env = new Dictionary<string, string>
        {
            // The in-process bus: what is tested here fails before any broker would be reached.
            ["Messaging__Transport"] = "InMemory",
            ["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}",
            ["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Security__KeyStorePath"] = Path.Combine(_dir.Path, "keys.json"),
            ["Security__ServiceKey"] = TestKeys.ServiceKey,
            ["Match__Embedded__DataDirectory"] = Path.Combine(_dir.Path, "index"),
        };
        if (model is not null)
        {
            env["Models__Embedding"] = model;
        }

        return env;
    }
}
