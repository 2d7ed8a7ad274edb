namespace Siamese.Trainer.Onnx;

/// <summary>
/// Where the ImageNet ResNet18 of NuGet <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c> (MIT) lies: restored like any
/// package and copied beside the trainer at build (<c>DnnImageModels/</c>, see the csproj); never in the repository.
/// <see cref="FolderVariable"/> points elsewhere (a folder holding ResNet18Onnx/ and ResNetPrepOnnx/).
/// </summary>
public sealed record ResNet18Files(string Network, string Preprocess)
{
    public const string FolderVariable = "SIAMESE_RESNET18_MODELS";

    /// <summary>The files beside the trainer (or under <see cref="FolderVariable"/>); an error that says how to get them when absent.</summary>
    public static ResNet18Files Locate()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(AppContext.BaseDirectory, "DnnImageModels");
        var files = new ResNet18Files(
            Path.Combine(folder, "ResNet18Onnx", "ResNet18.onnx"),
            Path.Combine(folder, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));
        return File.Exists(files.Network) && File.Exists(files.Preprocess)
            ? files
            : throw new FileNotFoundException(
                $"The ResNet18 backbone is not at '{folder}' (ResNet18Onnx/ResNet18.onnx, ResNetPrepOnnx/ResNetPreprocess.onnx). " +
                $"Build the trainer (dotnet build trainer/Siamese.Trainer -c Release restores Microsoft.ML.DnnImageFeaturizer.ResNet18 and copies them), or set {FolderVariable}.");
    }
}
