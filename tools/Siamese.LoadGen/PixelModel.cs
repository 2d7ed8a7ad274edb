using System.Text;
using Siamese.Model;

namespace Siamese.LoadGen;

/// <summary>
/// A stand-in tower for load tests and end-to-end runs without a trained model: the embedding is the preprocessed
/// pixels themselves (one ONNX Flatten), with Siamese metadata. Nearest-neighbour on raw pixels is a real, if weak,
/// one-shot classifier. Encoded by hand with the onnx.proto field numbers (no ONNX writer is available here).
/// </summary>
public static class PixelModel
{
    /// <summary>Writes the stand-in to <paramref name="path"/>; <paramref name="crop"/> is the <c>siamese.crop</c> it declares (how servers cut its crops).</summary>
    public static string Write(string path, int height = 28, int width = 23, string crop = ModelCrops.Resize)
    {
        var metadata = new ModelMetadata
        {
            Name = "pixels",
            Version = "1",
            InputHeight = height,
            InputWidth = width,
            PixelMean = 0.5f,
            PixelStd = 0.25f,
            EmbeddingDimension = height * width,
            Threshold = 1e6f,
            Crop = crop,
        };
        var node = Cat(Bytes(1, Text("input")), Bytes(2, Text("embedding")), Bytes(3, Text("flatten")), Bytes(4, Text("Flatten")),
            Bytes(5, Cat(Bytes(1, Text("axis")), Varint(3, 1), Varint(20, 2))));
        var graph = Cat(Bytes(1, node), Bytes(2, Text("pixels")),
            Bytes(11, ValueInfo("input", [null, 1, height, width])), Bytes(12, ValueInfo("embedding", [null, height * width])));
        var model = Cat([Varint(1, 7), Bytes(2, Text("siamese-loadgen")), Bytes(7, graph), Bytes(8, Cat(Bytes(1, []), Varint(2, 13))),
            .. metadata.ToDictionary().Select(kv => Bytes(14, Cat(Bytes(1, Text(kv.Key)), Bytes(2, Text(kv.Value)))))]);
        File.WriteAllBytes(path, model);
        return path;
    }

    private static byte[] ValueInfo(string name, int?[] dims)
    {
        var shape = Cat([.. dims.Select(d => Bytes(1, d is { } v ? Varint(1, v) : Bytes(2, Text("N"))))]);
        return Cat(Bytes(1, Text(name)), Bytes(2, Bytes(1, Cat(Varint(1, 1), Bytes(2, shape)))));
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Bytes(int field, byte[] value) => Cat(RawVarint(((ulong)field << 3) | 2), RawVarint((ulong)value.Length), value);

    private static byte[] Varint(int field, long value) => Cat(RawVarint((ulong)field << 3), RawVarint((ulong)value));

    private static byte[] RawVarint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
