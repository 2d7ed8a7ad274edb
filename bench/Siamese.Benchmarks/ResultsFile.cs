using System.Text.Json;
using System.Text.Json.Nodes;

namespace Siamese.Benchmarks;

/// <summary>Writes <c>bench/results/&lt;name&gt;.json</c>: command, measured_at, machine, then the figures.</summary>
public static class ResultsFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>
    /// Set from <c>--results FILE</c> by Program: every write of this process goes there, the intermediate ones a long
    /// benchmark makes after each configuration included (they had replaced the recorded file during a check run).
    /// </summary>
    public static string? Redirect { get; set; }

    /// <param name="path">Where to write instead of <c>bench/results/&lt;name&gt;.json</c> (relative to the repository root).</param>
    public static string Write(string name, string command, object figures, string? path = null)
    {
        var root = new JsonObject
        {
            ["command"] = command,
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["cpu_model"] = CpuModel(),
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["load_average"] = JsonSerializer.SerializeToNode(LoadAverage()),
            },
        };
        var body = JsonSerializer.SerializeToNode(figures, figures.GetType(), Options)!.AsObject();
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            root[key] = value;
        }

        path = Path.GetFullPath(path ?? Redirect ?? Path.Combine("bench", "results", name + ".json"), RepoRoot());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, root.ToJsonString(Options) + Environment.NewLine);
        return path;
    }

    /// <summary>The repository root: the first parent holding Siamese.sln.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siamese.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run benchmarks from inside the repository (Siamese.sln not found above the working directory).");
    }

    /// <summary>The 1, 5 and 15-minute load averages now (Linux), or null: on a shared machine they say how noisy a figure is.</summary>
    public static double[]? LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        return File.Exists(loadavg)
            ? [.. File.ReadAllText(loadavg).Split(' ').Take(3).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))]
            : null;
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (var line in File.ReadLines(cpuinfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }

        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
