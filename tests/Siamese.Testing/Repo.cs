namespace Siamese.Testing;

/// <summary>Where the repository and the service hosts' build output are, seen from the running assembly.</summary>
public static class Repo
{
    private static readonly Lazy<string?> Found = new(() => FindRoot(AppContext.BaseDirectory) ?? FindRoot(Directory.GetCurrentDirectory()));

    /// <summary>The folder holding Siamese.sln above the running assembly (or the working directory).</summary>
    public static string Root => Found.Value
        ?? throw new InvalidOperationException($"Siamese.sln not found above {AppContext.BaseDirectory}: run from the repository's build output.");

    /// <summary>The repository root, or null outside a repository.</summary>
    public static string? TryRoot => Found.Value;

    /// <summary>Debug or Release: the hosts are expected in the configuration the running assembly was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The build output of a service host (<c>services/&lt;folder&gt;/&lt;project&gt;</c>), or an error saying to build it.</summary>
    public static string HostDll(string folder, string project)
    {
        var dll = Path.Combine(Root, "services", folder, project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution first.", dll);
    }

    /// <summary>The build output of a tool (<c>tools/&lt;tool&gt;</c>), or an error saying to build it.</summary>
    public static string ToolDll(string tool)
    {
        var dll = Path.Combine(Root, "tools", tool, "bin", Configuration, "net10.0", tool + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution first.", dll);
    }

    /// <summary>The build output of the benchmarks (<c>bench/Siamese.Benchmarks</c>), or an error saying to build it.</summary>
    public static string BenchmarksDll()
    {
        var dll = Path.Combine(Root, "bench", "Siamese.Benchmarks", "bin", Configuration, "net10.0", "Siamese.Benchmarks.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is missing: build the solution first.", dll);
    }

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Siamese.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
