using System.Globalization;

namespace Siamese.Benchmarks;

/// <summary>A process's resident memory as Linux reports it in <c>/proc/&lt;pid&gt;/status</c>.</summary>
internal static class ProcessMemory
{
    /// <summary>
    /// VmHWM, the resident high-water mark, in KiB, from a status file (<c>/proc/self/status</c>, <c>/proc/PID/status</c>);
    /// null when the file is not there or cannot be read (not Linux, the process gone).
    /// </summary>
    public static long? HighWaterKib(string statusPath)
    {
        try
        {
            var line = File.Exists(statusPath) ? File.ReadLines(statusPath).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
