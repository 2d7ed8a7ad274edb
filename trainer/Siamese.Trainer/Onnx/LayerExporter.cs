using Siamese.Onnx;
using Siamese.Trainer.Towers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Trainer.Onnx;

/// <summary>
/// Maps one tower layer (eval mode) to ONNX nodes; initializers keep the layer's weight names. Anything it does
/// not know is an error naming the layer, never a silently different graph.
/// </summary>
internal static class LayerExporter
{
    /// <summary>Adds the nodes of <paramref name="module"/> reading <paramref name="input"/>; returns the output value.</summary>
    public static string Export(OnnxGraphBuilder graph, string name, nn.Module module, string input) => module switch
    {
        Sequential sequential => ExportSequence(graph, name, sequential, input),
        Conv2d conv => Conv(graph, name, conv, input),
        // nn.BatchNorm2d and the conv tower's HeldBatchNorm2d.
        BatchNorm norm => BatchNormalization(graph, name, norm, input),
        ReLU => graph.AddNode("Relu", name, [input]),
        MaxPool2d pool => MaxPool(graph, name, pool, input),
        Dropout or Identity => input,
        Flatten flatten => Flatten(graph, name, flatten, input),
        Linear linear => Gemm(graph, name, linear, input),
        AdaptiveAvgPool2d pool => GlobalAveragePool(graph, name, pool, input),
        L2Normalize normalize => L2(graph, name, normalize, input),
        MirrorSum mirror => Mirror(graph, name, mirror, input),
        MemberConcat members => Members(graph, name, members, input),
        ShareConcat joined => Joined(graph, name, joined, input),
        PatchWhitening whitening => Patches(graph, name, whitening, input),
        AttentionPool attention => Attention(graph, name, attention, input),
        PlaceAverage average => Average(graph, name, average, input),
        _ => throw Unsupported(name, module, "no ONNX mapping for this layer type"),
    };

    /// <summary>
    /// [x; x mirrored] through the inner stack as one batch, then the two halves summed: the mirror is a MatMul with
    /// the reversal permutation of the (fixed) width, exact in float; the halves are Reshape [2, N, F] + ReduceSum.
    /// </summary>
    private static string Mirror(OnnxGraphBuilder graph, string name, MirrorSum mirror, string input)
    {
        var width = mirror.InputWidth;
        using var reversal = torch.zeros(width, width);
        for (var i = 0; i < width; i++)
        {
            reversal[i, width - 1 - i] = torch.tensor(1f);
        }

        var mirrored = graph.AddNode("MatMul", $"{name}.flip", [input, graph.AddInitializer($"{name}.reversal", reversal)]);
        var both = graph.AddNode("Concat", $"{name}.both", [input, mirrored], OnnxAttributes.Int("axis", 0));
        var features = Export(graph, $"{name}.inner", mirror.Inner, both);
        var halves = graph.AddNode("Reshape", $"{name}.halves", [features, graph.AddInt64Initializer($"{name}.halves_shape", [2, -1, mirror.Features])]);
        return graph.AddNode("ReduceSum", $"{name}.sum", [halves, graph.AddInt64Initializer($"{name}.sum_axes", [0])], OnnxAttributes.Int("keepdims", 0));
    }

    /// <summary>Each member's nodes reading the same input, their embeddings concatenated (Concat, axis 1) and × 1/√M.</summary>
    private static string Members(OnnxGraphBuilder graph, string name, MemberConcat members, string input)
    {
        var outputs = members.Members.Select((member, m) => Export(graph, $"{name}.{m}", member, input)).ToList();
        var joined = graph.AddNode("Concat", $"{name}.join", outputs, OnnxAttributes.Int("axis", 1));
        using var scale = torch.tensor(members.Scale);
        return graph.AddNode("Mul", name, [joined, graph.AddInitializer($"{name}.scale", scale)]);
    }

    /// <summary>Both branches' nodes reading the same input, each × its weight, then concatenated (Concat, axis 1).</summary>
    private static string Joined(OnnxGraphBuilder graph, string name, ShareConcat joined, string input)
    {
        var weights = joined.Weights;
        var outputs = new[] { joined.First, joined.Second }.Select((branch, b) =>
        {
            var output = Export(graph, $"{name}.{b}", branch, input);
            using var weight = torch.tensor(weights[b]);
            return graph.AddNode("Mul", $"{name}.{b}.weighted", [output, graph.AddInitializer($"{name}.{b}.weight", weight)]);
        }).ToList();
        return graph.AddNode("Concat", name, outputs, OnnxAttributes.Int("axis", 1));
    }

    /// <summary>
    /// Flatten → MatMul [H·W, P·k] → Add bias → Reshape [N, P, k] → each patch divided by max(‖·‖, eps) → Reshape
    /// [N, P·k] → × 1/√P, exactly <see cref="PatchWhitening.forward"/>.
    /// </summary>
    private static string Patches(OnnxGraphBuilder graph, string name, PatchWhitening whitening, string input)
    {
        var flat = graph.AddNode("Flatten", $"{name}.flatten", [input], OnnxAttributes.Int("axis", 1));
        var projected = graph.AddNode("MatMul", $"{name}.project", [flat, graph.AddInitializer($"{name}.weight", whitening.Weight)]);
        var shifted = graph.AddNode("Add", $"{name}.shift", [projected, graph.AddInitializer($"{name}.bias", whitening.Bias)]);
        var perPatch = graph.AddNode("Reshape", $"{name}.patches", [shifted, graph.AddInt64Initializer($"{name}.patches_shape", [-1, whitening.Patches.Count, whitening.PatchDimension])]);
        var norm = graph.AddNode("ReduceL2", $"{name}.norm", [perPatch], OnnxAttributes.Ints("axes", [2]), OnnxAttributes.Int("keepdims", 1));
        using var epsilon = torch.tensor((float)PatchWhitening.Epsilon);
        var divisor = graph.AddNode("Max", $"{name}.divisor", [norm, graph.AddInitializer($"{name}.epsilon", epsilon)]);
        var unit = graph.AddNode("Div", $"{name}.unit", [perPatch, divisor]);
        var joined = graph.AddNode("Reshape", $"{name}.join", [unit, graph.AddInt64Initializer($"{name}.join_shape", [-1, whitening.OutputDimension])]);
        using var scale = torch.tensor(whitening.Scale);
        return graph.AddNode("Mul", name, [joined, graph.AddInitializer($"{name}.scale", scale)]);
    }

    /// <summary>
    /// Exactly <see cref="MapPool.forward"/>: Flatten → Slice of the map → the pooling's own nodes (<paramref
    /// name="pool"/>, from the map [N, C·s²] to [N, C]) → unit length; the rest sliced off and concatenated after it.
    /// </summary>
    private static string MapPool(OnnxGraphBuilder graph, string name, MapPool pooling, string input, Func<string, string> pool)
    {
        var flat = graph.AddNode("Flatten", $"{name}.flatten", [input], OnnxAttributes.Int("axis", 1));
        var pooled = L2(graph, $"{name}.unit", pooling.Unit, pool(Slice(graph, name, "map", flat, 0, pooling.MapLength)));
        return pooling.Rest == 0
            ? pooled
            : graph.AddNode("Concat", name, [pooled, Slice(graph, name, "rest", flat, pooling.MapLength, pooling.MapLength + pooling.Rest)], OnnxAttributes.Int("axis", 1));
    }

    /// <summary>
    /// <see cref="AttentionPool"/>'s pooling: Reshape [N,C,s,s] → Conv 1×1 → Relu → Conv 1×1 → Reshape [N,s²] → Softmax →
    /// the map [N,C,s²] × the weights [N,1,s²] → ReduceSum over the places.
    /// </summary>
    private static string Attention(OnnxGraphBuilder graph, string name, AttentionPool attention, string input) => MapPool(graph, name, attention, input, map =>
    {
        var places = (long)attention.Side * attention.Side;
        var square = graph.AddNode("Reshape", $"{name}.square", [map, graph.AddInt64Initializer($"{name}.square_shape", [-1, attention.Channels, attention.Side, attention.Side])]);
        var hidden = graph.AddNode("Relu", $"{name}.hidden_relu", [Conv(graph, $"{name}.hidden", attention.Hidden, square)]);
        var scores = graph.AddNode("Reshape", $"{name}.scores", [Conv(graph, $"{name}.score", attention.Score, hidden), graph.AddInt64Initializer($"{name}.scores_shape", [-1, places])]);
        var weights = graph.AddNode("Softmax", $"{name}.weights", [scores], OnnxAttributes.Int("axis", 1));
        var columns = graph.AddNode("Reshape", $"{name}.columns", [map, graph.AddInt64Initializer($"{name}.columns_shape", [-1, attention.Channels, places])]);
        var spread = graph.AddNode("Reshape", $"{name}.spread", [weights, graph.AddInt64Initializer($"{name}.spread_shape", [-1, 1, places])]);
        var weighted = graph.AddNode("Mul", $"{name}.weighted", [columns, spread]);
        return graph.AddNode("ReduceSum", $"{name}.sum", [weighted, graph.AddInt64Initializer($"{name}.sum_axes", [2])], OnnxAttributes.Int("keepdims", 0));
    });

    /// <summary><see cref="PlaceAverage"/>'s pooling: Reshape [N,C,s²] → ReduceMean over the places.</summary>
    private static string Average(OnnxGraphBuilder graph, string name, PlaceAverage average, string input) => MapPool(graph, name, average, input, map =>
    {
        var columns = graph.AddNode("Reshape", $"{name}.columns", [map, graph.AddInt64Initializer($"{name}.columns_shape", [-1, average.Channels, (long)average.Side * average.Side])]);
        return graph.AddNode("ReduceMean", $"{name}.mean", [columns], OnnxAttributes.Ints("axes", [2]), OnnxAttributes.Int("keepdims", 0));
    });

    /// <summary>Values [start, end) of a flat [N,F] value along axis 1.</summary>
    private static string Slice(OnnxGraphBuilder graph, string name, string part, string flat, long start, long end) => graph.AddNode("Slice", $"{name}.{part}", [
        flat,
        graph.AddInt64Initializer($"{name}.{part}_starts", [start]),
        graph.AddInt64Initializer($"{name}.{part}_ends", [end]),
        graph.AddInt64Initializer($"{name}.{part}_axes", [1]),
    ]);

    private static string ExportSequence(OnnxGraphBuilder graph, string name, Sequential sequential, string input)
    {
        var current = input;
        foreach (var (childName, child) in sequential.named_children())
        {
            current = Export(graph, $"{name}.{childName}", child, current);
        }

        return current;
    }

    private static string Conv(OnnxGraphBuilder graph, string name, Conv2d conv, string input)
    {
        if (conv.transposed || conv.padding_mode != PaddingModes.Zeros || conv.padding_type == Padding.Same)
        {
            throw Unsupported(name, conv, "only plain zero-padded convolutions with explicit padding are exported");
        }

        var pads = Pair(conv.padding, 0);
        var inputs = new List<string> { input, graph.AddInitializer($"{name}.weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{name}.bias", conv.bias));
        }

        return graph.AddNode(
            "Conv",
            name,
            inputs,
            OnnxAttributes.Ints("kernel_shape", Pair(conv.kernel_size, 1)),
            OnnxAttributes.Ints("strides", Pair(conv.stride, 1)),
            OnnxAttributes.Ints("pads", [pads[0], pads[1], pads[0], pads[1]]),
            OnnxAttributes.Ints("dilations", Pair(conv.dilation, 1)),
            OnnxAttributes.Int("group", conv.groups));
    }

    private static string BatchNormalization(OnnxGraphBuilder graph, string name, BatchNorm norm, string input)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw Unsupported(name, norm, "BatchNorm without running statistics has no fixed eval-mode function");
        }

        // Without affine parameters BatchNorm scales by 1 and shifts by 0; ONNX needs them as inputs anyway.
        using var ones = norm.weight is null ? torch.ones(norm.num_features) : null;
        using var zeros = norm.bias is null ? torch.zeros(norm.num_features) : null;
        return graph.AddNode(
            "BatchNormalization",
            name,
            [
                input,
                graph.AddInitializer($"{name}.weight", norm.weight ?? ones!),
                graph.AddInitializer($"{name}.bias", norm.bias ?? zeros!),
                graph.AddInitializer($"{name}.running_mean", norm.running_mean),
                graph.AddInitializer($"{name}.running_var", norm.running_var),
            ],
            OnnxAttributes.Float("epsilon", (float)norm.eps));
    }

    private static string MaxPool(OnnxGraphBuilder graph, string name, MaxPool2d pool, string input)
    {
        var kernel = Pair(pool.kernel_size, 1);
        var pads = Pair(pool.padding, 0);
        return graph.AddNode(
            "MaxPool",
            name,
            [input],
            OnnxAttributes.Ints("kernel_shape", kernel),
            OnnxAttributes.Ints("strides", pool.stride is { Length: > 0 } ? Pair(pool.stride, 1) : kernel),
            OnnxAttributes.Ints("pads", [pads[0], pads[1], pads[0], pads[1]]),
            OnnxAttributes.Ints("dilations", Pair(pool.dilation, 1)),
            OnnxAttributes.Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private static string Flatten(OnnxGraphBuilder graph, string name, Flatten flatten, string input) =>
        flatten.start_dim == 1 && flatten.end_dim == -1
            ? graph.AddNode("Flatten", name, [input], OnnxAttributes.Int("axis", 1))
            : throw Unsupported(name, flatten, "only Flatten(1, -1) maps to ONNX Flatten");

    private static string Gemm(OnnxGraphBuilder graph, string name, Linear linear, string input)
    {
        var inputs = new List<string> { input, graph.AddInitializer($"{name}.weight", linear.weight!) };
        if (linear.bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{name}.bias", linear.bias));
        }

        // TorchSharp keeps the weight as [out, in]; Gemm computes input · Bᵀ with transB.
        return graph.AddNode("Gemm", name, inputs, OnnxAttributes.Int("transB", 1));
    }

    private static string GlobalAveragePool(OnnxGraphBuilder graph, string name, AdaptiveAvgPool2d pool, string input) =>
        pool.output_size.All(size => size == 1)
            ? graph.AddNode("GlobalAveragePool", name, [input])
            : throw Unsupported(name, pool, "only AdaptiveAvgPool2d(1) maps to GlobalAveragePool");

    private static string L2(OnnxGraphBuilder graph, string name, L2Normalize normalize, string input)
    {
        // x / max(‖x‖, eps) exactly as functional.normalize; LpNormalization has no epsilon.
        var norm = graph.AddNode("ReduceL2", $"{name}.norm", [input], OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 1));
        using var epsilon = torch.tensor((float)normalize.Epsilon);
        var floor = graph.AddInitializer($"{name}.epsilon", epsilon);
        var divisor = graph.AddNode("Max", $"{name}.divisor", [norm, floor]);
        return graph.AddNode("Div", name, [input, divisor]);
    }

    private static long[] Pair(long[]? values, long fallback) => values switch
    {
        null or [] => [fallback, fallback],
        [var single] => [single, single],
        [var first, var second] => [first, second],
        _ => throw new NotSupportedException($"Expected at most 2 values for a 2-D layer, got {values.Length}."),
    };

    private static NotSupportedException Unsupported(string name, nn.Module module, string why) =>
        new($"Cannot export layer '{name}' ({module.GetType().Name}) to ONNX: {why}.");
}
