using Siamese.Model;
using Siamese.Onnx;

namespace Siamese.Testing;

/// <summary>
/// A stand-in tower for tests, load runs and end-to-end runs without a trained model: the embedding is the
/// preprocessed pixels themselves (one ONNX Flatten), with Siamese metadata, written by the trainer's ONNX writer
/// (libs/Siamese.Onnx). Nearest-neighbour on raw pixels is a real, if weak, one-shot classifier. Seconds to make: no training.
/// </summary>
public static class PixelModel
{
    /// <summary>
    /// Writes the stand-in to <paramref name="path"/>; <paramref name="crop"/> is the <c>siamese.crop</c> it declares (how servers
    /// cut its crops), <paramref name="channels"/> its input channels (3: a colour model, whose embedding is its R, G, B planes).
    /// </summary>
    public static string Write(string path, int height = 28, int width = 23, string crop = ModelCrops.Resize, int channels = 1)
    {
        var metadata = new ModelMetadata
        {
            Name = "pixels",
            Version = "1",
            InputChannels = channels,
            InputHeight = height,
            InputWidth = width,
            PixelMean = 0.5f,
            PixelStd = 0.25f,
            EmbeddingDimension = channels * height * width,
            Threshold = 1e6f,
            Crop = crop,
        };
        var graph = new OnnxGraphBuilder();
        graph.NameOutput(graph.AddNode("Flatten", "flatten", [ModelMetadataKeys.InputTensor], OnnxAttributes.Int("axis", 1)), ModelMetadataKeys.OutputTensor);
        graph.Graph.Name = "pixels";
        OnnxModelFile.Write(OnnxModelFile.Build(graph.Graph, metadata, "siamese-testing", "The preprocessed pixels as the embedding."), path);
        return path;
    }
}
