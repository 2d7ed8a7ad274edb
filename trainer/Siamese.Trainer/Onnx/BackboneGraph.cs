using Google.Protobuf;
using Siamese.Onnx;
using Siamese.Onnx.Proto;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Onnx;

/// <summary>
/// The package's two graphs as one: input RGB in [0, 1] [N,3,224,224] → × 255 → ResNetPreprocess.onnx (R,G,B →
/// B,G,R and minus its 224×224 mean image) → ResNet18.onnx → pooled features [N,512]. The package's files are opset 8
/// with the batch fixed at 1; here they are lifted to <see cref="OnnxModelFile.Opset"/> (BatchNormalization without
/// its retired <c>spatial</c> attribute, Split's sizes as an input) and every batch dimension becomes the symbol N,
/// so one graph embeds batches of any size. There is no Reshape or shape constant in either file to rewrite (checked:
/// an operator this class does not know is an error, never copied unread).
/// </summary>
public sealed class BackboneGraph
{
    /// <summary>The pixel size the package's mean image and 7×7 final pooling fix.</summary>
    public const int InputSize = 224;

    public const string FeaturesValue = "features";

    /// <summary>
    /// Side of the centre square the served zoom keeps of the 224×224 input: <see cref="ServedZoom"/> of each side,
    /// rounded to whole pixels (134 at the default 60%, 179 at the training views' 80%).
    /// </summary>
    public int ZoomSide => ZoomSideOf(ServedZoom);

    /// <summary>Share of each side the served zoom keeps (<see cref="Backbone.ImageView.Zoom"/> unless --served-zoom).</summary>
    public double ServedZoom { get; }

    /// <summary>
    /// Share of each side the served zoom keeps of an image on a plain light background, as catalogue images are
    /// (<see cref="IsPlainBackground"/>); null: the same as every other image's (<see cref="ServedZoom"/>).
    /// </summary>
    public double? CatalogueZoom { get; }

    /// <summary>Side of the centre square the served zoom keeps of an image on a plain light background (<see cref="ZoomSide"/> without <see cref="CatalogueZoom"/>).</summary>
    public int CatalogueSide => CatalogueZoom is { } zoom ? ZoomSideOf(zoom) : ZoomSide;

    /// <summary>Width of the frame, in pixels of the 224×224 input, whose pixels say whether an image is on a plain light background.</summary>
    public const int BackgroundFrame = 12;

    /// <summary>A frame pixel is plain light background when its darkest channel is at least this bright (of 255)...</summary>
    public const int BackgroundLight = 200;

    /// <summary>...and its channels differ by at most this (of 255): white or light gray, not a coloured surface.</summary>
    public const int BackgroundSpread = 40;

    /// <summary>
    /// An image is on a plain light background when more than this share of its frame's pixels are. The grocery
    /// catalogue images have 95–100% of them, its 3,676 shelf photos at most 36%.
    /// </summary>
    public const double BackgroundShare = 0.6;

    /// <summary>The frame rule's numbers in one tag, part of the feature cache's key of a zoom chosen by it.</summary>
    public static readonly string BackgroundRule = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"f{BackgroundFrame}l{BackgroundLight}s{BackgroundSpread}p{BackgroundShare}");

    /// <summary>The frame's pixels: the whole 224×224 less the inside (200×200).</summary>
    private const int FramePixels = (InputSize * InputSize) - ((InputSize - (2 * BackgroundFrame)) * (InputSize - (2 * BackgroundFrame)));

    /// <summary>Half a step of 255 below <see cref="BackgroundLight"/>: a darkest channel of a whole byte at or above it is light.</summary>
    private const float LightThreshold = (BackgroundLight - 0.5f) / 255f;

    /// <summary>Half a step of 255 above <see cref="BackgroundSpread"/>: channels of whole bytes that differ by at most it are unsaturated.</summary>
    private const float SpreadThreshold = (BackgroundSpread + 0.5f) / 255f;

    /// <summary>
    /// What the model's nodes decide for one image [C,224,224] in [0,1] (C = 1 or 3): whether it is on a plain light
    /// background (<see cref="CatalogueZoom"/>). The same test in C#, for the tests' sake and to explain a model.
    /// </summary>
    public static bool IsPlainBackground(ReadOnlySpan<float> image, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(image.Length, channels * InputSize * InputSize);
        var area = InputSize * InputSize;
        var plain = 0;
        for (var y = 0; y < InputSize; y++)
        {
            for (var x = 0; x < InputSize; x++)
            {
                if (y is >= BackgroundFrame and < InputSize - BackgroundFrame && x is >= BackgroundFrame and < InputSize - BackgroundFrame)
                {
                    continue;
                }

                float low = float.MaxValue, high = float.MinValue;
                for (var c = 0; c < channels; c++)
                {
                    var v = image[(c * area) + (y * InputSize) + x];
                    low = Math.Min(low, v);
                    high = Math.Max(high, v);
                }

                plain += low > LightThreshold && high - low < SpreadThreshold ? 1 : 0;
            }
        }

        return plain > BackgroundShare * FramePixels;
    }


    /// <summary>Side of the centre square a served zoom of <paramref name="zoom"/> keeps of the 224×224 input.</summary>
    public static int ZoomSideOf(double zoom) => (int)Math.Round(InputSize * zoom);

    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Conv", "Relu", "Add", "Sub", "Mul", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool",
    };

    private readonly ModelProto preprocess;
    private readonly ModelProto network;

    /// <summary>The earlier stages pooled beside the last one: their output values in the network, the latest first.</summary>
    private readonly (string Value, int Channels)[] earlier;

    /// <summary>The value the network's final pooling reads: the last block's map [N,512,7,7].</summary>
    private readonly string lastMap;

    private BackboneGraph(ModelProto preprocess, ModelProto network, int stages, BackbonePooling pooling, double servedZoom, double? catalogueZoom)
    {
        ServedZoom = servedZoom;
        CatalogueZoom = catalogueZoom is { } catalogue && ZoomSideOf(catalogue) != ZoomSideOf(servedZoom) ? catalogue : null;
        this.preprocess = preprocess;
        this.network = network;
        Pooling = pooling;
        var finalPool = network.Graph.Node.LastOrDefault();
        if (finalPool is not { OpType: "AveragePool" or "GlobalAveragePool" } || finalPool.Output[0] != network.Graph.Output[0].Name)
        {
            throw new InvalidDataException("The backbone's network does not end in its pooling of the last block.");
        }

        if (pooling.ReadsMap() && finalPool.OpType == "AveragePool" && !finalPool.Attribute.Any(a => a.Name == "kernel_shape" && a.Ints.Count == 2 && a.Ints.All(v => v == MapSide)))
        {
            throw new InvalidDataException($"{pooling} pooling weighs a {MapSide}x{MapSide} last-block map; the backbone's final pooling is of another size.");
        }

        lastMap = finalPool.Input[0];
        var available = StageOutputs(network);
        if (stages < 1 || stages > available.Length + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stages), stages, $"The backbone's features pool 1 to {available.Length + 1} stages (1: the last block alone).");
        }

        earlier = available[..(stages - 1)];
        Stages = stages;
        var channels = OutputChannels(network);
        FeatureLength = (pooling.ReadsMap() ? channels * MapSide * MapSide : channels) + earlier.Sum(v => v.Channels);
    }

    /// <summary>Side of the last block's map at the 224×224 input (7): ResNet18 halves the side five times.</summary>
    public static int MapSide => BackboneTower.ResNet18MapSide;

    /// <summary>
    /// Average: the features start with the last block pooled by the package's own average. Attention and both: they
    /// start with the block's whole map [512·7·7], channel by channel, for the head to pool (<see
    /// cref="Towers.AttentionPool"/>, <see cref="Towers.PlaceAverage"/>).
    /// </summary>
    public BackbonePooling Pooling { get; }

    /// <summary>
    /// How many of the network's stages the features pool: 1, the last block (what the package serves); 2, also the
    /// stage before it; and so on. With more than one, each stage's pooled vector is scaled to unit length and they are
    /// concatenated, the last stage first, so each weighs the same whatever its scale.
    /// </summary>
    public int Stages { get; }

    /// <summary>Length of the feature vector (512 for ResNet18's last block; 768 with the third stage, 896 with the second too, 960 with all four).</summary>
    public int FeatureLength { get; }

    /// <param name="catalogueZoom">The served zoom of an image on a plain light background (<see cref="CatalogueZoom"/>); null or 0, or the side <paramref name="servedZoom"/> cuts: none of its own.</param>
    public static BackboneGraph Load(ResNet18Files files, int stages = 1, BackbonePooling pooling = BackbonePooling.Average, double servedZoom = Backbone.ImageView.Zoom, double? catalogueZoom = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return new BackboneGraph(Read(files.Preprocess), Read(files.Network), stages, pooling, servedZoom, catalogueZoom is 0 ? null : catalogueZoom);
    }

    /// <summary>
    /// What the features would be with average pooling: for features that carry the map, the map's 7×7 average per channel at
    /// unit length in place of the map (the earlier stages as they are); average features unchanged.
    /// </summary>
    public float[] AveragePooled(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (Pooling == BackbonePooling.Average)
        {
            return features;
        }

        var channels = OutputChannels(network);
        var area = MapSide * MapSide;
        var pooled = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            double sum = 0;
            for (var i = 0; i < area; i++)
            {
                sum += features[(c * area) + i];
            }

            pooled[c] = (float)(sum / area);
        }

        var norm = Math.Max(Math.Sqrt(pooled.Sum(v => (double)v * v)), 1e-12);
        return [.. pooled.Select(v => (float)(v / norm)), .. features.AsSpan(channels * area).ToArray()];
    }

    /// <summary>
    /// Adds the backbone's nodes reading <paramref name="input"/> ([N,C,224,224] in [0,1]; a gray input, C = 1, is
    /// repeated into R, G and B); returns the [N,F] features value.
    /// </summary>
    internal string AddTo(OnnxGraphBuilder graph, string input, int channels, string prefix = "backbone")
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (channels == 1)
        {
            input = graph.AddNode("Concat", $"{prefix}.gray_to_rgb", [input, input, input], OnnxAttributes.Int("axis", 1));
        }
        else if (channels != 3)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "The backbone reads 1 (gray) or 3 (RGB) channels.");
        }

        using var scale = TorchSharp.torch.tensor(255f);
        var rgb255 = graph.AddNode("Mul", $"{prefix}.rgb255", [input, graph.AddInitializer($"{prefix}.rgb255_scale", scale)]);
        var preprocessed = Copy(graph, preprocess, $"{prefix}.prep/", rgb255);
        var pooled = Copy(graph, network, $"{prefix}.resnet/", preprocessed);
        // The last block first: its whole map for a head that pools it (attention, both); else the package's average.
        var last = Pooling.ReadsMap() ? $"{prefix}.resnet/" + lastMap : pooled;
        if (earlier.Length == 0)
        {
            return graph.AddNode("Flatten", $"{prefix}.{FeaturesValue}", [last], OnnxAttributes.Int("axis", 1));
        }

        // The earlier stages average-pooled like the last block, each part unit length (LpNormalization), concatenated.
        var parts = new List<string>
        {
            Pooling.ReadsMap()
                ? graph.AddNode("Flatten", $"{prefix}.stage_last_map", [last], OnnxAttributes.Int("axis", 1))
                : Unit(graph, last, $"{prefix}.stage_last"),
        };
        for (var i = 0; i < earlier.Length; i++)
        {
            var stage = graph.AddNode("GlobalAveragePool", $"{prefix}.stage_before{i + 1}_pool", [$"{prefix}.resnet/" + earlier[i].Value]);
            parts.Add(Unit(graph, stage, $"{prefix}.stage_before{i + 1}"));
        }

        return graph.AddNode("Concat", $"{prefix}.{FeaturesValue}", parts, OnnxAttributes.Int("axis", 1));
    }

    private static string Unit(OnnxGraphBuilder graph, string pooled, string name)
    {
        var flat = graph.AddNode("Flatten", $"{name}_flat", [pooled], OnnxAttributes.Int("axis", 1));
        return graph.AddNode("LpNormalization", $"{name}_unit", [flat], OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("p", 2));
    }

    /// <summary>
    /// The served zoom of <paramref name="input"/> [N,C,224,224]: its centre <see cref="ZoomSide"/>² square (Slice)
    /// resized back to the input's own shape (Resize, linear, half-pixel centres; the sizes are the input's Shape, so
    /// the batch stays dynamic). A model with two served views embeds this beside the image itself. With a
    /// <see cref="CatalogueZoom"/>, an image on a plain light background gets its centre <see cref="CatalogueSide"/>²
    /// instead, chosen image by image (<see cref="AddPlainBackground"/>, Where).
    /// </summary>
    internal string AddZoom(OnnxGraphBuilder graph, string input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var zoom = AddCentre(graph, input, ZoomSide, $"{prefix}.zoom");
        if (CatalogueZoom is null)
        {
            return zoom;
        }

        var catalogue = AddCentre(graph, input, CatalogueSide, $"{prefix}.catalogue_zoom");
        return graph.AddNode("Where", $"{prefix}.zoom_by_background", [AddPlainBackground(graph, input, $"{prefix}.background"), catalogue, zoom]);
    }

    private static string AddCentre(OnnxGraphBuilder graph, string input, int side, string name)
    {
        var offset = (InputSize - side) / 2L;
        var square = graph.AddNode("Slice", $"{name}_square", [
            input,
            graph.AddInt64Initializer($"{name}_starts", [offset, offset]),
            graph.AddInt64Initializer($"{name}_ends", [offset + side, offset + side]),
            graph.AddInt64Initializer($"{name}_axes", [2, 3]),
        ]);
        var sizes = graph.AddNode("Shape", $"{name}_sizes", [input]);
        return graph.AddNode("Resize", name, [square, "", "", sizes],
            OnnxAttributes.String("mode", "linear"), OnnxAttributes.String("coordinate_transformation_mode", "half_pixel"));
    }

    /// <summary>
    /// [N,1,1,1] booleans, true where an image is on a plain light background (<see cref="IsPlainBackground"/>):
    /// the channels' least and greatest value per pixel (ReduceMin, ReduceMax), light and unsaturated pixels (Greater,
    /// Less, And), counted over the frame (a 0/1 mask of it, Mul, ReduceSum) against <see cref="BackgroundShare"/>.
    /// </summary>
    private static string AddPlainBackground(OnnxGraphBuilder graph, string input, string name)
    {
        // The same images with their batch left unnamed (Reshape to -1): with the input's symbolic batch N on these
        // per-pixel values, ONNX Runtime 1.31's planner reused one of their [N,1,224,224] buffers for a channel of the
        // preprocessing's two views, [2N,1,224,224], and the exported model failed at its first image.
        var images = graph.AddNode("Reshape", $"{name}_images", [input, graph.AddInt64Initializer($"{name}_images_shape", [-1, 0, InputSize, InputSize])]);
        var low = graph.AddNode("ReduceMin", $"{name}_low", [images], OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 1));
        var high = graph.AddNode("ReduceMax", $"{name}_high", [images], OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 1));
        var isLight = graph.AddNode("Greater", $"{name}_light", [low, graph.AddInitializer($"{name}_light_threshold", [LightThreshold], [])]);
        var isFlat = graph.AddNode("Less", $"{name}_flat", [graph.AddNode("Sub", $"{name}_spread", [high, low]), graph.AddInitializer($"{name}_spread_threshold", [SpreadThreshold], [])]);
        var plain = graph.AddNode("Cast", $"{name}_plain", [graph.AddNode("And", $"{name}_light_flat", [isLight, isFlat])], OnnxAttributes.Int("to", (long)TensorProto.Types.DataType.Float));
        var mask = new float[InputSize * InputSize];
        for (var y = 0; y < InputSize; y++)
        {
            for (var x = 0; x < InputSize; x++)
            {
                var inside = y is >= BackgroundFrame and < InputSize - BackgroundFrame && x is >= BackgroundFrame and < InputSize - BackgroundFrame;
                mask[(y * InputSize) + x] = inside ? 0 : 1;
            }
        }

        var counted = graph.AddNode("ReduceSum", $"{name}_count", [graph.AddNode("Mul", $"{name}_frame", [plain, graph.AddInitializer($"{name}_frame_mask", mask, [1, 1, InputSize, InputSize])]), graph.AddInt64Initializer($"{name}_count_axes", [2, 3])], OnnxAttributes.Int("keepdims", 1));
        return graph.AddNode("Greater", name, [counted, graph.AddInitializer($"{name}_share", [(float)(BackgroundShare * FramePixels)], [])]);
    }

    /// <summary>
    /// A model of the backbone alone, input "input" [N,C,224,224] → "features" [N,F]: what the trainer extracts
    /// features with; <paramref name="zoomed"/>: of the input's served zoom (<see cref="AddZoom"/>), the same nodes the
    /// exported model runs.
    /// </summary>
    public byte[] FeatureModel(int channels, bool zoomed = false)
    {
        var graph = new OnnxGraphBuilder();
        var input = zoomed ? AddZoom(graph, Model.ModelMetadataKeys.InputTensor, "served") : Model.ModelMetadataKeys.InputTensor;
        var features = AddTo(graph, input, channels);
        graph.NameOutput(features, FeaturesValue);
        var proto = graph.Graph;
        proto.Name = "resnet18-features";
        proto.Input.Add(OnnxTensors.FloatValue(Model.ModelMetadataKeys.InputTensor, OnnxModelFile.BatchDimension, channels, InputSize, InputSize));
        proto.Output.Add(OnnxTensors.FloatValue(FeaturesValue, OnnxModelFile.BatchDimension, FeatureLength));
        return OnnxModelFile.Wrap(proto, OnnxExporter.ProducerName, "ResNet18 features (Microsoft.ML.DnnImageFeaturizer.ResNet18), dynamic batch.", new Dictionary<string, string>()).ToByteArray();
    }

    private static ModelProto Read(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset is < 7 or > OnnxModelFile.Opset || model.Graph.Input.Count(i => model.Graph.Initializer.All(t => t.Name != i.Name)) != 1 || model.Graph.Output.Count != 1)
        {
            throw new InvalidDataException($"'{path}' is not the expected backbone graph (opset {opset}, one input, one output).");
        }

        if (model.Graph.Initializer.Any(t => t.DataLocation == TensorProto.Types.DataLocation.External))
        {
            throw new InvalidDataException($"'{path}' keeps weights in external files, which the backbone merge does not read.");
        }

        return model;
    }

    /// <summary>
    /// The outputs of the stages before the last, the latest first: what each downsampling block's stride-2
    /// convolutions read (a block's 3×3 and its shortcut read the same value), with its channel count; the stem's
    /// convolution of the image itself is not a stage.
    /// </summary>
    private static (string Value, int Channels)[] StageOutputs(ModelProto model)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var input = model.Graph.Input.Single(i => !initializers.ContainsKey(i.Name)).Name;
        return model.Graph.Node
            .Where(n => n.OpType == "Conv" && n.Input[0] != input && n.Attribute.Any(a => a.Name == "strides" && a.Ints.Count > 0 && a.Ints.All(v => v == 2)))
            .Select(n => (n.Input[0], initializers.TryGetValue(n.Input[1], out var w) && w.Dims.Count == 4 ? (int)w.Dims[1] : throw new InvalidDataException($"Convolution '{n.Name}' has no fixed weight.")))
            .Distinct()
            .Reverse()
            .ToArray();
    }

    private static int OutputChannels(ModelProto model)
    {
        var dims = model.Graph.Output[0].Type.TensorType.Shape.Dim;
        return dims.Count >= 2 && dims[1].DimValue > 0 ? (int)dims[1].DimValue : throw new InvalidDataException("The backbone's output has no fixed channel count.");
    }

    /// <summary>Copies every node and initializer of <paramref name="model"/> under <paramref name="prefix"/>, its input wired to <paramref name="input"/>; returns its output's new name.</summary>
    private static string Copy(OnnxGraphBuilder graph, ModelProto model, string prefix, string input)
    {
        var source = model.Graph;
        var initializers = source.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var graphInput = source.Input.Single(i => !initializers.Contains(i.Name)).Name;
        string Rename(string name) => name.Length == 0 ? name : name == graphInput ? input : prefix + name;

        foreach (var tensor in source.Initializer)
        {
            var copy = tensor.Clone();
            copy.Name = Rename(tensor.Name);
            graph.AddForeignInitializer(copy);
        }

        for (var n = 0; n < source.Node.Count; n++)
        {
            var node = source.Node[n].Clone();
            node.Name = prefix + (node.Name.Length > 0 ? node.Name : $"{node.OpType}{n}");
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = Rename(node.Input[i]);
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = Rename(node.Output[i]);
            }

            graph.AddForeignNode(Lift(graph, node));
        }

        foreach (var info in source.ValueInfo)
        {
            var copy = info.Clone();
            copy.Name = Rename(info.Name);
            DynamicBatch(copy);
            graph.AddValueInfo(copy);
        }

        return Rename(source.Output[0].Name);
    }

    /// <summary>The node as the operator set the exporter declares defines it.</summary>
    private static NodeProto Lift(OnnxGraphBuilder graph, NodeProto node)
    {
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw Unsupported(node, $"domain '{node.Domain}'");
        }

        switch (node.OpType)
        {
            case var op when Unchanged.Contains(op):
                return node;
            case "BatchNormalization":
                // Opset 9 dropped `spatial`; its only value then (1, per-channel statistics) is what BatchNormalization now always does.
                var spatial = node.Attribute.FirstOrDefault(a => a.Name == "spatial");
                if (spatial is not null && spatial.I != 1)
                {
                    throw Unsupported(node, "spatial = 0");
                }

                if (spatial is not null)
                {
                    node.Attribute.Remove(spatial);
                }

                if (node.Output.Count != 1)
                {
                    throw Unsupported(node, "training-mode outputs");
                }

                return node;
            case "Split":
                // Opset 13 takes the sizes as a second input instead of an attribute.
                var split = node.Attribute.FirstOrDefault(a => a.Name == "split");
                if (split is not null)
                {
                    node.Attribute.Remove(split);
                    node.Input.Add(graph.AddInt64Initializer($"{node.Name}.split", [.. split.Ints]));
                }

                return node;
            default:
                throw Unsupported(node, "an operator the backbone merge does not know");
        }
    }

    private static void DynamicBatch(ValueInfoProto info)
    {
        if (info.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape && shape.Dim[0].DimValue == 1)
        {
            shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = OnnxModelFile.BatchDimension };
        }
    }

    private static NotSupportedException Unsupported(NodeProto node, string what) =>
        new($"Cannot merge backbone node '{node.Name}' ({node.OpType}): {what}.");
}
