using System.Globalization;

namespace Siamese.Reliability;

/// <summary>Resident memory of a process from /proc (what the OS charges it, native ONNX Runtime buffers included).</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS of <paramref name="pid"/> in MiB; NaN when it cannot be read.</summary>
    public static double ResidentMb(int pid) => Read(pid, "VmRSS:");

    private static double Read(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var kb = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }

        return double.NaN;
    }

    /// <summary>Samples a process's resident memory every <paramref name="interval"/> until stopped; keeps the peak.</summary>
    public sealed class PeakSampler : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private double _peak;

        public PeakSampler(int pid, TimeSpan interval)
        {
            _peak = ResidentMb(pid);
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var now = ResidentMb(pid);
                    if (now > _peak)
                    {
                        _peak = now;
                    }

                    try
                    {
                        await Task.Delay(interval, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            });
        }

        public double PeakMb => _peak;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
