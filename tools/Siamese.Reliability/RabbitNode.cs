using System.Diagnostics;
using System.Net.Sockets;

namespace Siamese.Reliability;

/// <summary>
/// A RabbitMQ node of the suite's own (node name, AMQP and distribution ports, data folder), so the broker-kill run can
/// kill -9 it without touching a broker anyone else uses. Started from the server's own start script (not the
/// /usr/sbin wrapper, which switches to the rabbitmq user and its cookie); the data folder survives a kill, as a
/// real node's disk does.
/// </summary>
public sealed class RabbitNode : IAsyncDisposable
{
    private static readonly string[] StartScripts = ["/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/sbin/rabbitmq-server"];

    private readonly string _dataDirectory;
    private Process? _script;

    private RabbitNode(string dataDirectory, int port, int distributionPort, string nodeName)
    {
        _dataDirectory = dataDirectory;
        Port = port;
        DistributionPort = distributionPort;
        NodeName = nodeName;
    }

    public int Port { get; }

    public int DistributionPort { get; }

    public string NodeName { get; }

    /// <summary>The AMQP address (default vhost, guest on loopback).</summary>
    public Uri Uri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    /// <summary>Whether a RabbitMQ server is installed here.</summary>
    public static string? StartScript => StartScripts.FirstOrDefault(File.Exists);

    /// <summary>Creates the node's folder and starts it; returns once it accepts AMQP connections.</summary>
    public static async Task<RabbitNode> StartAsync(string dataDirectory, int port = 5673, int distributionPort = 25673, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(dataDirectory);

        // No plugins: the shared node's management and Prometheus ports stay its own.
        await File.WriteAllTextAsync(Path.Combine(dataDirectory, "enabled_plugins"), "[].");
        var node = new RabbitNode(dataDirectory, port, distributionPort, $"siamese-rel-{port}@localhost");
        await node.StartAgainAsync(timeout ?? TimeSpan.FromMinutes(3));
        return node;
    }

    /// <summary>The broker process's id (the Erlang VM), read from the pid file the node writes.</summary>
    public int? Pid =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) ? pid : null;

    private string PidFile => Path.Combine(_dataDirectory, "rabbit.pid");

    /// <summary>Starts the node on its existing data folder (after <see cref="Kill"/>: a restart).</summary>
    public async Task StartAgainAsync(TimeSpan timeout)
    {
        if (IsListening(Port))
        {
            throw new InvalidOperationException($"Port {Port} is in use already: the suite's RabbitMQ node needs it free (pass another with --rabbit-port).");
        }

        var script = StartScript ?? throw new InvalidOperationException("rabbitmq-server is not installed (apt-get install rabbitmq-server).");
        var info = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dataDirectory,
        };
        var env = info.Environment;
        env["RABBITMQ_NODENAME"] = NodeName;
        env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_MNESIA_BASE"] = Path.Combine(_dataDirectory, "mnesia");
        env["RABBITMQ_LOG_BASE"] = Path.Combine(_dataDirectory, "log");
        env["RABBITMQ_PID_FILE"] = PidFile;
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_dataDirectory, "enabled_plugins");
        env["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(_dataDirectory, "feature_flags");
        env["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(_dataDirectory, "plugins-expand");
        env["RABBITMQ_CONFIG_FILE"] = Path.Combine(_dataDirectory, "no-config");
        env["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_dataDirectory, "no-advanced.config");
        File.Delete(PidFile);
        _script = Process.Start(info) ?? throw new InvalidOperationException($"{script} did not start.");
        _script.OutputDataReceived += (_, _) => { };
        _script.ErrorDataReceived += (_, _) => { };
        _script.BeginOutputReadLine();
        _script.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (!IsListening(Port))
        {
            if (_script.HasExited)
            {
                throw new InvalidOperationException($"The suite's RabbitMQ node exited with {_script.ExitCode}; see {Path.Combine(_dataDirectory, "log")}.");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"The suite's RabbitMQ node did not listen on {Port} within {timeout}.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>kill -9 of the broker (the Erlang VM), as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (Pid is { } pid)
        {
            try
            {
                using var beam = Process.GetProcessById(pid);
                beam.Kill(entireProcessTree: true);
                beam.WaitForExit(10_000);
            }
            catch (ArgumentException)
            {
                // Gone already.
            }
        }

        if (_script is { HasExited: false })
        {
            _script.Kill(entireProcessTree: true);
            _script.WaitForExit(10_000);
        }

        File.Delete(PidFile);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _script?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
