using System.Diagnostics;
using System.Globalization;

namespace Siamese.Benchmarks;

/// <summary>
/// CPU time used so far by each process of a pipeline run (the service hosts, this process — the load generator,
/// and in the standalone shape the whole pipeline — and the RabbitMQ broker when it runs on this machine), so a
/// run can say how many CPU milliseconds each frame cost where.
/// </summary>
internal static class CpuSnapshot
{
    /// <summary>Processor time per process name; <paramref name="hosts"/> adds the service hosts'.</summary>
    public static Dictionary<string, TimeSpan> Take(IReadOnlyDictionary<string, TimeSpan>? hosts = null)
    {
        var self = Process.GetCurrentProcess();
        self.Refresh();
        var times = new Dictionary<string, TimeSpan>(hosts ?? new Dictionary<string, TimeSpan>(), StringComparer.Ordinal) { ["benchmark"] = self.TotalProcessorTime };
        foreach (var (pid, time) in Brokers())
        {
            times[$"rabbitmq (shared broker, pid {pid})"] = time;
        }

        return times;
    }

    /// <summary>Milliseconds of CPU per frame between two snapshots, per process.</summary>
    public static Dictionary<string, double> PerFrame(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int frames) =>
        after.Where(a => before.ContainsKey(a.Key))
            .ToDictionary(a => a.Key, a => Math.Round((a.Value - before[a.Key]).TotalMilliseconds / frames, 2), StringComparer.Ordinal);

    /// <summary>
    /// utime + stime of each Erlang VM running RabbitMQ (Linux /proc), by pid: one that comes or goes between two
    /// snapshots (a rabbitmqctl) drops out of their difference instead of making it negative.
    /// </summary>
    private static Dictionary<string, TimeSpan> Brokers()
    {
        var brokers = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (!Directory.Exists("/proc"))
        {
            return brokers;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!Path.GetFileName(dir).All(char.IsAsciiDigit)
                    || !File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("beam", StringComparison.Ordinal)
                    || !File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("rabbit", StringComparison.Ordinal))
                {
                    continue;
                }

                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                brokers[Path.GetFileName(dir)] = TimeSpan.FromSeconds(ticks / 100.0);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return brokers;
    }
}
