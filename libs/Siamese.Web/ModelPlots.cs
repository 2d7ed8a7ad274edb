using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Siamese.Web;

/// <summary>
/// The plots the trainer writes beside <c>model.onnx</c> (loss.png, roc.png, distances.png), served from the folder
/// of the model this host runs. Only those three names: nothing else of that folder is reachable.
/// </summary>
internal static class ModelPlots
{
    private static readonly string[] Names = ["loss", "roc", "distances"];

    /// <summary>The setting that names the model file (the one <c>Models</c> section every host reads).</summary>
    private const string ModelKey = "Models:Embedding";

    public static IResult Serve(string name, IConfiguration configuration)
    {
        var plot = Path.GetFileNameWithoutExtension(name);
        if (!Names.Contains(plot, StringComparer.Ordinal) || !name.EndsWith(".png", StringComparison.Ordinal))
        {
            return TypedResults.Problem($"There is no plot '{name}': use {string.Join(", ", Names.Select(n => n + ".png"))}.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var model = configuration[ModelKey] is { Length: > 0 } path ? path : null;
        var file = model is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(model)) ?? ".", plot + ".png");
        return file is not null && File.Exists(file)
            ? TypedResults.PhysicalFile(file, "image/png")
            : TypedResults.Problem($"This host has no {plot}.png beside its model (the trainer writes it; a model copied alone has none).",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
