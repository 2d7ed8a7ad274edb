namespace Siamese.ServiceDefaults;

/// <summary>
/// The model files of a host (section <c>Models</c>, environment <c>Models__Embedding</c> etc.), one place for every
/// service: embed and match run the embedding model, detect reads its metadata (input size, crop rule), detect and
/// match run the face detectors the crop rule needs. Nothing defaults to a file found on disk: a host names its files.
/// Each service checks at start the files it uses (<see cref="ModelSettingsRegistration.RequireEmbeddingModel"/>; the
/// detectors when the crop planner prepares them), so a host that runs no model is not refused for one it never opens.
/// </summary>
public sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>The exported tower (<c>model.onnx</c> with Siamese metadata).</summary>
    public string? Embedding { get; set; }

    /// <summary>YuNet with dynamic input size (<c>yunet_s_dynamic.onnx</c>): faces for models trained on YuNet-aligned crops.</summary>
    public string? YuNet { get; set; }

    /// <summary>UltraFace RFB-320 (<c>version-RFB-320.onnx</c>): for cameras that ask for the UltraFace detector.</summary>
    public string? UltraFace { get; set; }

    /// <summary>The embedding model's path, or an error naming the setting when it is not set.</summary>
    public string RequireEmbedding() =>
        !string.IsNullOrWhiteSpace(Embedding)
            ? Embedding
            : throw new InvalidOperationException("Models:Embedding is not set: point it at the exported model.onnx (environment Models__Embedding).");

    /// <summary>Null when the embedding model is set and exists; otherwise what is wrong, naming the setting.</summary>
    public string? EmbeddingProblem()
    {
        if (string.IsNullOrWhiteSpace(Embedding))
        {
            return "Models:Embedding is not set: point it at the exported model.onnx (environment Models__Embedding).";
        }

        if (File.Exists(Embedding))
        {
            return NotAModel(Embedding);
        }

        var path = Path.GetFullPath(Embedding);
        if (!Directory.Exists(path))
        {
            return $"Models:Embedding '{path}' does not exist: train and export a model, or point the setting at one.";
        }

        // A run's folder is the likely mistake: name the model file in it.
        var model = Path.Combine(path, "model.onnx");
        return $"Models:Embedding '{path}' is a folder: point it at the model file{(File.Exists(model) ? $", {model}" : " (a run writes model.onnx)")}.";
    }

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    /// <summary>
    /// The run folder's other files, caught by their first bytes (the model loaded later failed with two logged stack
    /// traces of a protobuf parser); anything else is left to ONNX Runtime, which names what it cannot load.
    /// </summary>
    private static string? NotAModel(string file)
    {
        Span<byte> head = stackalloc byte[8];
        int read;
        try
        {
            using var stream = File.OpenRead(file);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"Models:Embedding '{Path.GetFullPath(file)}' cannot be read: {ex.Message}";
        }

        var what = read == 0 ? "is empty"
            : head[0] is (byte)'{' or (byte)'[' ? "holds JSON (a run's report.json?)"
            : head[..read].StartsWith(PngSignature) ? "is a PNG image (a run's plot?)"
            : head[..read].StartsWith("PK"u8) ? "is a zip archive"
            : head[..read].StartsWith("# "u8) ? "holds text (a run's report.md?)"
            : null;
        if (what is null)
        {
            return null;
        }

        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "model.onnx");
        return $"Models:Embedding '{Path.GetFullPath(file)}' {what}, not an ONNX model: point it at the exported model{(File.Exists(beside) ? $", {beside}" : " (a run writes model.onnx)")}.";
    }
}
