using Siamese.Onnx.Proto;

namespace Siamese.Onnx;

/// <summary>Collects nodes (in topological order, as they are added) and initializers of one graph.</summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto graph = new();
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public GraphProto Graph => graph;

    /// <summary>A float32 initializer of shape <paramref name="dims"/> (row-major <paramref name="values"/>).</summary>
    public string AddInitializer(string name, float[] values, long[] dims)
    {
        Claim(name);
        graph.Initializer.Add(OnnxTensors.FloatInitializer(name, values, dims));
        return name;
    }

    public string AddInt64Initializer(string name, long[] values)
    {
        Claim(name);
        graph.Initializer.Add(OnnxTensors.Int64Initializer(name, values));
        return name;
    }

    /// <summary>Adds a node whose single output value is named after the node.</summary>
    public string AddNode(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        Claim(name);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return name;
    }

    /// <summary>Adds a node of another graph as it is (names already made unique by the caller); claims its outputs.</summary>
    public void AddForeignNode(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var output in node.Output.Where(o => o.Length > 0))
        {
            Claim(output);
        }

        graph.Node.Add(node);
    }

    /// <summary>Adds an initializer of another graph as it is (float_data or raw_data alike).</summary>
    public void AddForeignInitializer(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Claim(tensor.Name);
        graph.Initializer.Add(tensor);
    }

    /// <summary>A shape hint for an intermediate value (ONNX Runtime checks it against what it infers).</summary>
    public void AddValueInfo(ValueInfoProto info)
    {
        ArgumentNullException.ThrowIfNull(info);
        graph.ValueInfo.Add(info);
    }

    /// <summary>Gives the value <paramref name="current"/> the graph output name <paramref name="output"/>.</summary>
    public void NameOutput(string current, string output)
    {
        var last = graph.Node.Count > 0 ? graph.Node[^1] : null;
        if (last is not null && last.Output[0] == current)
        {
            // The tensor names of the contract are fixed, so the last node writes straight into the output.
            last.Output[0] = output;
        }
        else
        {
            AddNode("Identity", output, [current]);
        }
    }

    private void Claim(string name)
    {
        if (!names.Add(name))
        {
            throw new InvalidOperationException($"Two ONNX values are named '{name}'.");
        }
    }
}
