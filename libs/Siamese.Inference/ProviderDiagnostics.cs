using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Siamese.Inference;

/// <summary>
/// Explains why ONNX Runtime could not use a GPU provider in words an operator can act on. ONNX Runtime's own
/// exception says only "Failed to load shared library"; the library the provider is missing (libcublasLt.so.13,
/// libcudnn.so.9, libnvinfer.so.10, ...) is found by loading the provider library the way ONNX Runtime does.
/// </summary>
public static class ProviderDiagnostics
{
    private const int RtldLazy = 1;

    /// <summary>A sentence naming the provider, the cause and, where one is missing, the library.</summary>
    public static string Explain(ExecutionProvider provider, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var name = ExecutionProviders.Name(provider);
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(OrtName(provider), StringComparer.Ordinal))
        {
            return $"{name} is not in this ONNX Runtime (providers: {string.Join(", ", available)}): this is the CPU build; "
                + "build with -p:Gpu=true or use the GPU image (deploy/Dockerfile --target gpu).";
        }

        var missing = MissingLibrary(provider);
        return missing is not null
            ? $"{name} could not be loaded: {missing}. Install CUDA 13 and cuDNN 9{(provider == ExecutionProvider.TensorRT ? " and TensorRT 10" : "")} (the GPU image has them) or put them on LD_LIBRARY_PATH."
            : $"{name} could not start: {FirstLine(error.Message)} (is an NVIDIA GPU visible to this process, with a driver for CUDA 13?).";
    }

    internal static string OrtName(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cuda => "CUDAExecutionProvider",
        ExecutionProvider.TensorRT => "TensorrtExecutionProvider",
        _ => "CPUExecutionProvider",
    };

    /// <summary>The loader's error for the provider's library (which names the dependency it lacks), or null when it loads.</summary>
    private static string? MissingLibrary(ExecutionProvider provider)
    {
        var file = provider == ExecutionProvider.TensorRT ? "libonnxruntime_providers_tensorrt.so" : "libonnxruntime_providers_cuda.so";
        var path = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", file),
            Path.Combine(AppContext.BaseDirectory, file),
        }.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{file} is not beside the application";
        }

        // dlopen's own error names the dependency ("libcublasLt.so.13: cannot open shared object file"); .NET's
        // NativeLibrary.Load does not pass it on.
        try
        {
            // Binding the dlerror import calls dlsym, which clears the error: bind it (and clear stale errors) first.
            _ = DlError();
            var handle = DlOpen(path, RtldLazy);
            if (handle != IntPtr.Zero)
            {
                _ = DlClose(handle);
                return null;
            }

            var error = Marshal.PtrToStringUTF8(DlError()) ?? $"{file} could not be loaded";
            return error.Replace(Path.GetDirectoryName(path) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "dlopen", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr DlOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int flags);

    [DllImport("libc.so.6", EntryPoint = "dlerror")]
    private static extern IntPtr DlError();

    [DllImport("libc.so.6", EntryPoint = "dlclose")]
    private static extern int DlClose(IntPtr handle);

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
