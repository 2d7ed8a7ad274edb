using System.Runtime.InteropServices;

namespace Siamese.Trainer.Cli;

/// <summary>
/// libtorch's OpenMP threads spin while they wait for work. On a machine whose cores are shared with other processes
/// (CI runners, a team's build box) the spinning threads take the cores from the thread doing the work: measured
/// here on 2 shared cores, one face-tower training step took 0.72 s with 2 spinning threads, 0.20 s with 1 thread
/// and 0.086 s with 2 threads that sleep while they wait. So the trainer asks OpenMP to sleep (OMP_WAIT_POLICY=PASSIVE)
/// unless the caller chose a policy. OpenMP reads it when libtorch loads, so this runs before any TorchSharp call.
/// </summary>
internal static class ThreadWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    public static void Apply()
    {
        // .NET keeps its own copy of the environment on Unix: the native one (which OpenMP reads) needs setenv.
        if (!OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable(Variable) is null)
        {
            _ = SetEnvironment(Variable, "PASSIVE", 0);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project; the strings are ASCII.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
