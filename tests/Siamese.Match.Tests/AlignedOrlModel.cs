using Siamese.Inference;
using Siamese.Model;

namespace Siamese.Match.Tests;

/// <summary>
/// An ORL model trained with <c>--align yunet</c>: <c>SIAMESE_ORL_MODEL</c> when its metadata says
/// <c>siamese.crop = yunet-aligned</c> (CI trains it so), else null with <see cref="SkipReason"/>.
/// </summary>
internal static class AlignedOrlModel
{
    public const string Variable = "SIAMESE_ORL_MODEL";

    private static readonly Lazy<(string? Path, string Reason)> Model = new(Find);

    public static string? Path => Model.Value.Path;

    public static string SkipReason => Model.Value.Reason;

    private static (string?, string) Find()
    {
        if (SharedData.YuNetModel is null || SharedData.OrlFaces is null)
        {
            return (null, $"the YuNet model or the ORL faces are not available (set {SharedData.ModelsVariable}, {SharedData.OrlFacesVariable})");
        }

        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return (null, $"{Variable} does not name a model (train one with: train --data <orl_faces> --align yunet)");
        }

        using var model = new OnnxEmbedder(path);
        return model.Metadata.Crop == ModelCrops.YuNetAligned
            ? (path, "")
            : (null, $"{Variable}='{path}' was trained on {model.Metadata.Crop} crops, not {ModelCrops.YuNetAligned}");
    }
}
