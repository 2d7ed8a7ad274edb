using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Siamese.Testing;

/// <summary>
/// PNG files built chunk by chunk, for the tests and benchmarks of the PNG reader: one chunk with its CRC, and a PNG
/// with chunks inserted right after its header.
/// </summary>
public static class PngChunkFiles
{
    // The signature and the IHDR chunk (length, type, 13 bytes, CRC).
    private const int HeaderEnd = 8 + 12 + 13;

    /// <summary>One PNG chunk: length, type, payload, CRC-32 of type and payload.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        var chunk = new byte[12 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, payload.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        payload.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + payload.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + payload.Length)));
        return chunk;
    }

    /// <summary><paramref name="png"/> with <paramref name="chunks"/> (each from <see cref="Chunk"/>) after its IHDR.</summary>
    public static byte[] AfterHeader(byte[] png, params byte[][] chunks)
    {
        ArgumentNullException.ThrowIfNull(png);
        return [.. png.AsSpan(0, HeaderEnd), .. chunks.SelectMany(c => c), .. png.AsSpan(HeaderEnd)];
    }
}
