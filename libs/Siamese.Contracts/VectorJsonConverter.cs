using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Siamese.Contracts;

/// <summary>
/// An embedding on the bus: written as the base64 of its IEEE-754 single-precision values, little-endian (4 bytes a
/// value), instead of a JSON array of decimal numbers. A 720-d face embedding then takes 3.8 kB instead of ~8 kB, and
/// neither side formats or parses a number (what embed and match spent most of their serialisation time on).
/// Reads both forms: messages from senders before this format carry an array of numbers.
/// </summary>
public sealed class VectorJsonConverter : JsonConverter<float[]>
{
    /// <inheritdoc />
    public override float[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                var bytes = reader.GetBytesFromBase64();
                if (bytes.Length % sizeof(float) != 0)
                {
                    throw new JsonException($"A vector's base64 holds {bytes.Length} bytes, not a whole number of 4-byte values.");
                }

                var vector = new float[bytes.Length / sizeof(float)];
                if (BitConverter.IsLittleEndian)
                {
                    bytes.CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
                }
                else
                {
                    for (var i = 0; i < vector.Length; i++)
                    {
                        vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
                    }
                }

                return vector;
            case JsonTokenType.StartArray:
                var values = new List<float>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    values.Add(reader.TokenType == JsonTokenType.Number
                        ? reader.GetSingle()
                        : throw new JsonException($"A vector's array holds a {reader.TokenType}, not a number."));
                }

                return [.. values];
            default:
                throw new JsonException($"A vector is a base64 string or an array of numbers, not a {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (BitConverter.IsLittleEndian)
        {
            writer.WriteBase64StringValue(MemoryMarshal.AsBytes(value.AsSpan()));
            return;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(value.Length * sizeof(float));
        try
        {
            for (var i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value[i]);
            }

            writer.WriteBase64StringValue(bytes.AsSpan(0, value.Length * sizeof(float)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
