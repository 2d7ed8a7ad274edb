using Siamese.Model;
using Siamese.Onnx;
using Siamese.Trainer.Towers;
using static TorchSharp.torch;

namespace Siamese.Trainer.Onnx;

/// <summary>
/// Writes the backbone tower as ONE ONNX file: "input" [N,C,224,224] (R, G, B, or gray repeated, in [0,1]: the metadata's mean 0 and
/// std 1, so the services' <see cref="Preprocessor"/> writes exactly that) → the package's preprocessing and ResNet18
/// (<see cref="BackboneGraph"/>) → the trained head → "embedding" [N,D]; N dynamic throughout. With two served views
/// the input and its centre zoom (<see cref="BackboneGraph.AddZoom"/>) go through backbone and head as one batch
/// [2N,…], and the embedding is the unit-length sum of each image's two (Reshape [2,N,D] → ReduceSum → L2).
/// </summary>
internal static class BackboneExporter
{
    public static void Export(BackboneTower head, BackboneGraph backbone, ModelMetadata metadata, string path, int servedViews = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servedViews, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(servedViews, 2);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (metadata.InputHeight != BackboneGraph.InputSize || metadata.InputWidth != BackboneGraph.InputSize || metadata.InputChannels is not (1 or 3)
            || metadata.PixelMean != 0 || metadata.PixelStd != 1 || metadata.EmbeddingDimension != head.EmbeddingDimension || head.FeatureLength != backbone.FeatureLength)
        {
            throw new ArgumentException(
                $"The backbone model takes C×{BackboneGraph.InputSize}×{BackboneGraph.InputSize} pixels/255 (mean 0, std 1) and gives {head.EmbeddingDimension} values; the metadata says {metadata.InputChannels}×{metadata.InputHeight}×{metadata.InputWidth}, mean {metadata.PixelMean}, std {metadata.PixelStd}, {metadata.EmbeddingDimension}.",
                nameof(metadata));
        }

        var wasTraining = head.training;
        head.eval();
        try
        {
            using var noGrad = no_grad();
            var graph = new OnnxGraphBuilder();
            var input = ModelMetadataKeys.InputTensor;
            if (servedViews == 2)
            {
                input = graph.AddNode("Concat", "served.views", [input, backbone.AddZoom(graph, input, "served")], OnnxAttributes.Int("axis", 0));
            }

            var features = backbone.AddTo(graph, input, metadata.InputChannels);
            var output = LayerExporter.Export(graph, "head", head.Layers, features);
            if (servedViews == 2)
            {
                output = ServedViewsGraph.AddUnitMean(graph, output, 2, head.EmbeddingDimension, "served");
            }

            graph.NameOutput(output, ModelMetadataKeys.OutputTensor);
            graph.Graph.Name = head.GetName();
            var model = OnnxModelFile.Build(
                graph.Graph,
                metadata,
                OnnxExporter.ProducerName,
                "Siamese backbone tower: ImageNet ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18, MIT) with its preprocessing, and a trained head; one image [N,C,224,224] in [0,1] (C = 1: gray, repeated into R, G, B) to one embedding [N,D]" +
                (servedViews == 2 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", the unit-length mean of the image's and its centre zoom's ({backbone.ZoomSide}x{backbone.ZoomSide} of 224, resized{(backbone.CatalogueZoom is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {backbone.CatalogueSide}x{backbone.CatalogueSide} for an image on a plain light background, more than {BackboneGraph.BackgroundShare:0%} of its {BackboneGraph.BackgroundFrame}-pixel frame light and unsaturated"))}) embeddings.") : "."));
            OnnxModelFile.Write(model, path);
        }
        finally
        {
            if (wasTraining)
            {
                head.train();
            }
        }
    }
}
