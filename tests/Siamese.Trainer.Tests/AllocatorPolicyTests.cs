using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

public sealed class AllocatorPolicyTests
{
    [Fact]
    public void OnGlibcTheSettingsTakeUnlessTheCallerChose()
    {
        var callerChose = AllocatorPolicy.CallerChose();
        var glibc = OperatingSystem.IsLinux() && (File.Exists("/lib/x86_64-linux-gnu/libc.so.6") || File.Exists("/lib/aarch64-linux-gnu/libc.so.6"));

        // Applying twice is harmless: the same two values again.
        Assert.Equal(glibc && !callerChose, AllocatorPolicy.Apply());
        Assert.Equal(glibc && !callerChose, AllocatorPolicy.Apply());
    }
}
