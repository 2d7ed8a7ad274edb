using System.Runtime.InteropServices;

namespace Siamese.Trainer.Cli;

/// <summary>
/// libtorch writes its own log lines straight to the terminal, past the trainer's output. The one a user meets is
/// "[W… NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware.", four times in a grocery run on a
/// cloud VM whose CPU NNPACK's probe does not recognise (this one has AVX2): libtorch then uses its other convolution
/// kernels, so it says nothing a user can act on. The level is libtorch's <c>TORCH_CPP_LOG_LEVEL</c>, which only
/// PyTorch's Python module reads; the trainer applies it (0–3 or INFO, WARNING, ERROR, FATAL) and sets ERROR when it
/// is not given. It sets c10's log level flag before libtorch is used, so it runs before any TorchSharp call.
/// </summary>
internal static class LibTorchLogLevel
{
    public const string Variable = "TORCH_CPP_LOG_LEVEL";

    /// <summary>c10's ERROR: warnings and informational lines are left out.</summary>
    public const int Error = 2;

    private const string Flag = "FLAGS_caffe2_log_level";

    /// <summary>The level set (from <paramref name="requested"/>, else <see cref="Error"/>); null where libtorch's c10 was not found.</summary>
    public static int? Apply(string? requested)
    {
        var level = Parse(requested) ?? Error;
        foreach (var path in Candidates())
        {
            if (NativeLibrary.TryLoad(path, out var c10) && NativeLibrary.TryGetExport(c10, Flag, out var flag))
            {
                Marshal.WriteInt32(flag, level);
                return level;
            }
        }

        return null;
    }

    /// <summary>c10's level for the variable's value: 0–3 or a level's name; null when unset or not one.</summary>
    internal static int? Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "0" or "INFO" => 0,
        "1" or "WARNING" => 1,
        "2" or "ERROR" => 2,
        "3" or "FATAL" => 3,
        _ => null,
    };

    /// <summary>Where the build (runtimes/&lt;rid&gt;/native) or a publish (beside the binary) puts libtorch's libc10.</summary>
    private static IEnumerable<string> Candidates()
    {
        var name = OperatingSystem.IsWindows() ? "c10.dll" : OperatingSystem.IsMacOS() ? "libc10.dylib" : "libc10.so";
        yield return Path.Combine(AppContext.BaseDirectory, name);
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name);
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", $"{os}-{arch}", "native", name);
    }
}
