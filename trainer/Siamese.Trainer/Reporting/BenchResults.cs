using System.Globalization;

namespace Siamese.Trainer.Reporting;

/// <summary>bench/results/*.json: the command that reproduces it, when and where it was measured, the figures.</summary>
public static class BenchResults
{
    public static void Write(string path, string command, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Json.Write(path, new
        {
            command,
            measured_at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            machine = new { cores = Environment.ProcessorCount, cpu_model = CpuModel() },
            note = "Timings were measured while other work shared the CPU; treat train_seconds as an upper bound.",
            dataset = report.Config.Data,
            identities = report.Identities,
            split = report.Split,
            model = report.Model with { Path = "" },
            threshold = report.Threshold,
            threshold_far = report.ThresholdFar,
            @default = report.Summary(),
            baseline = report.Baseline,
            classic_split = report.ClassicSplit,
        });
    }

    internal static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
