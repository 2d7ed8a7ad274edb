namespace Siamese.Model;

/// <summary>
/// Where the shared datasets and detector models live. Environment variables win; otherwise the
/// <c>shared</c> folder beside the repository (found by walking up from the working directory and from the app).
/// Returns null when absent: callers generate data or skip.
/// </summary>
public static class SharedData
{
    /// <summary>Overrides the ORL faces folder (folder per subject, PGM).</summary>
    public const string OrlFacesVariable = "SIAMESE_ORL_FACES";

    /// <summary>Overrides the grocery produce folder (photos/ and iconic/, a folder per class in each).</summary>
    public const string GroceryProduceVariable = "SIAMESE_GROCERY_PRODUCE";

    /// <summary>Overrides the detector models folder (containing ultraface/ and yunet/).</summary>
    public const string ModelsVariable = "SIAMESE_SHARED_MODELS";

    /// <summary>
    /// Overrides the folder holding every dataset (orl_faces/, yalefaces/, omniglot_small/, grocery_produce/): the
    /// benchmark suite's --datasets default, and where a dataset without a variable of its own is looked for.
    /// </summary>
    public const string DatasetsVariable = "SIAMESE_DATASETS";

    public static string? Datasets => Find(DatasetsVariable, "datasets");

    public static string? OrlFaces => Dataset(OrlFacesVariable, "orl_faces");

    public static string? GroceryProduce => Dataset(GroceryProduceVariable, "grocery_produce");

    public static string? DetectorModels => Find(ModelsVariable, "models");

    public static string? UltraFaceModel =>
        DetectorModels is { } dir && File.Exists(Path.Combine(dir, "ultraface", "version-RFB-320.onnx"))
            ? Path.Combine(dir, "ultraface", "version-RFB-320.onnx")
            : null;

    /// <summary>YuNet with dynamic input size (<c>yunet/yunet_s_dynamic.onnx</c>); null when absent.</summary>
    public static string? YuNetModel =>
        DetectorModels is { } dir && File.Exists(Path.Combine(dir, "yunet", "yunet_s_dynamic.onnx"))
            ? Path.Combine(dir, "yunet", "yunet_s_dynamic.onnx")
            : null;

    // A dataset's own variable wins, then the folder SIAMESE_DATASETS names, then shared/datasets found walking up.
    private static string? Dataset(string variable, string name) =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable)) && Environment.GetEnvironmentVariable(DatasetsVariable) is { } all
            && !string.IsNullOrWhiteSpace(all)
            ? Existing(Path.Combine(all, name))
            : Find(variable, Path.Combine("datasets", name));

    private static string? Existing(string folder) => Directory.Exists(folder) ? Path.GetFullPath(folder) : null;

    private static string? Find(string variable, string relative)
    {
        var fromEnv = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Existing(fromEnv);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", relative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
