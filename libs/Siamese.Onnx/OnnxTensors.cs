using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Siamese.Onnx.Proto;

namespace Siamese.Onnx;

/// <summary>Float and int64 tensors and graph values as their ONNX messages.</summary>
public static class OnnxTensors
{
    /// <summary>A float32 initializer; raw_data is little-endian by the IR, whatever the machine.</summary>
    public static TensorProto FloatInitializer(string name, float[] values, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(dims);
        var floats = values.ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            var bits = MemoryMarshal.Cast<float, int>(floats.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        var proto = new TensorProto
        {
            Name = name,
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(floats.AsSpan())),
        };
        proto.Dims.AddRange(dims);
        return proto;
    }

    /// <summary>An int64 initializer (shapes, axes) of one dimension.</summary>
    public static TensorProto Int64Initializer(string name, long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Int64Data.AddRange(values);
        proto.Dims.Add(values.Length);
        return proto;
    }

    /// <summary>A float32 graph input or output whose first dimension is the symbolic batch size.</summary>
    public static ValueInfoProto FloatValue(string name, string batchSymbol, params long[] fixedDimensions)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchSymbol });
        foreach (var size in fixedDimensions)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
