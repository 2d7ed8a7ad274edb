using System.Runtime.InteropServices;

namespace Siamese.Trainer.Cli;

/// <summary>
/// libtorch allocates each activation and gradient afresh with malloc, and frees it within the step. glibc hands
/// blocks of 128 KiB and more straight from the kernel (mmap) and returns them on free, raising that threshold only as
/// it sees large blocks freed, and gives the top of its heap back whenever 128 KiB of it is free: so a training step
/// kept faulting in zeroed pages it had just returned. Measured here (2 cores, whole process, 3 runs each, A/B in turn,
/// `train --synthetic --tower conv --seed 42 --episodes 100 --epochs 5`): 11.5 s wall, 1.8 s of it in the kernel, with
/// blocks up to 32 MiB kept in the heap and the heap not trimmed below 512 MiB, against 23.6 s and 12.3 s as glibc
/// ships; peak memory ~620 against ~560 MiB. The trim threshold alone (which also freezes the mmap threshold at
/// 128 KiB) took 105 s. So the trainer sets both (glibc's mallopt) unless the caller chose with <c>GLIBC_TUNABLES</c> or the
/// <c>MALLOC_*_</c> variables. The settings only change where memory comes from, never a figure.
/// </summary>
internal static class AllocatorPolicy
{
    /// <summary>Blocks up to this size stay in the heap (glibc's largest allowed mmap threshold on 64-bit).</summary>
    public const int MmapThreshold = 32 << 20;

    /// <summary>The heap is given back to the kernel only when this much of its top is free.</summary>
    public const int TrimThreshold = 512 << 20;

    private const int TrimThresholdParameter = -1; // M_TRIM_THRESHOLD
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD

    /// <summary>Whether the settings were applied: false off glibc (Windows, macOS, musl) or when the caller chose.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux() || CallerChose())
        {
            return false;
        }

        try
        {
            // The mmap threshold first: setting the trim threshold alone freezes it at 128 KiB.
            return SetOption(MmapThresholdParameter, MmapThreshold) == 1 && SetOption(TrimThresholdParameter, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Whether the environment already sets glibc's malloc thresholds (then they are left as the caller chose).</summary>
    internal static bool CallerChose() =>
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is { } tunables && tunables.Contains("glibc.malloc.", StringComparison.Ordinal)
        || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
        || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null;

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project.
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetOption(int parameter, int value);
#pragma warning restore SYSLIB1054
}
