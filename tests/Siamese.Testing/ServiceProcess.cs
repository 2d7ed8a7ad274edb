using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Siamese.Testing;

/// <summary>One service host running as its own process (<c>dotnet X.Host.dll</c>), configured by environment.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process, int httpPort)
    {
        Name = name;
        _process = process;
        HttpPort = httpPort;
    }

    /// <summary>The host's project name (<c>Siamese.Ingest.Host</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The loopback port of its HTTP endpoint (health, REST).</summary>
    public int HttpPort { get; }

    /// <summary>CPU time the process has used so far (benchmarks: which host a frame's work lands on).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The host's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Whether the host has exited (crashed, refused to start, or was killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once it has exited.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output.TakeLast(200));

    /// <summary>
    /// Starts <c>services/&lt;folder&gt;/&lt;project&gt;</c> from its build output (the configuration this assembly was built
    /// in) with <paramref name="environment"/> over a production environment and warning-level logs.
    /// </summary>
    public static ServiceProcess Start(string project, string folder, int httpPort, IDictionary<string, string> environment)
    {
        var dll = Repo.HostDll(folder, project);

        var info = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{project} did not start.");
        var service = new ServiceProcess(project, process, httpPort);
        process.OutputDataReceived += (_, e) => service.Log(e.Data);
        process.ErrorDataReceived += (_, e) => service.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until /health/ready answers 200 (model loaded, broker connected, index open).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout}:{Environment.NewLine}{Output}");
    }

    /// <summary>A loopback TCP port free at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL (kill -9) to the process and its children, as a crash or an OOM kill would end it; waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the process to exit on its own; true when it did, and then its last
    /// lines are in <see cref="Output"/> (the timed wait returns before the output events have drained; the untimed one
    /// after).
    /// </summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => Task.Run(() =>
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    });

    /// <summary>Kills the process (and its children) if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400)
        {
            _output.TryDequeue(out _);
        }
    }
}
