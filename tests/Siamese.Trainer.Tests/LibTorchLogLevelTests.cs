using System.Runtime.InteropServices;
using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

/// <summary>libtorch's own log lines (NNPACK's "Unsupported hardware" on a VM) are left out unless TORCH_CPP_LOG_LEVEL asks.</summary>
public sealed class LibTorchLogLevelTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("verbose", null)]
    [InlineData("0", 0)]
    [InlineData("warning", 1)]
    [InlineData(" ERROR ", 2)]
    [InlineData("FATAL", 3)]
    public void TheVariableReadsAsLibtorchsLevels(string? value, int? expected) => Assert.Equal(expected, LibTorchLogLevel.Parse(value));

    [Fact]
    public void TheLevelIsSetInLibtorchItselfErrorUnlessAsked()
    {
        try
        {
            Assert.Equal(1, LibTorchLogLevel.Apply("WARNING"));
            Assert.Equal(1, Flag());
            Assert.Equal(LibTorchLogLevel.Error, LibTorchLogLevel.Apply(null));
            Assert.Equal(LibTorchLogLevel.Error, Flag());
        }
        finally
        {
            LibTorchLogLevel.Apply(null);
        }
    }

    private static int Flag()
    {
        var c10 = NativeLibrary.Load(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libc10.so"));
        return Marshal.ReadInt32(NativeLibrary.GetExport(c10, "FLAGS_caffe2_log_level"));
    }
}
