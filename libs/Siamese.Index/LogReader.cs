using System.Buffers.Binary;

namespace Siamese.Index;

/// <summary>Reads framed records from the start of a file until the end or the first torn or damaged frame.</summary>
internal static class LogReader
{
    /// <summary>The decoded records and the byte offset just past the last good one.</summary>
    public static (List<LogOperation> Operations, long GoodLength) ReadAll(Stream stream)
    {
        var operations = new List<LogOperation>();
        var good = Read(stream, operations.Add);
        return (operations, good);
    }

    /// <summary>Hands each good record to <paramref name="onRecord"/> as it is read; returns the offset past the last good one.</summary>
    public static long Read(Stream stream, Action<LogOperation> onRecord)
    {
        var header = new byte[LogCodec.FrameHeaderSize];
        long good = 0;
        while (true)
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length <= 0 || length > LogCodec.MaxPayload || length > stream.Length - stream.Position)
            {
                break;
            }

            var payload = new byte[length];
            stream.ReadExactly(payload);
            if (Crc32.Compute(payload) != crc)
            {
                break;
            }

            LogOperation operation;
            try
            {
                operation = LogCodec.Decode(payload);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
            {
                break;
            }

            onRecord(operation);
            good += LogCodec.FrameHeaderSize + length;
        }

        return good;
    }
}
