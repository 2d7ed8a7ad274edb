using System.Buffers.Binary;

namespace Siamese.Index;

/// <summary>Reads framed records from the start of a file until the end or the first torn or damaged frame.</summary>
internal static class LogReader
{
    /// <summary>Hands each good record to <paramref name="onRecord"/> as it is read; returns the offset past the last good one.</summary>
    public static long Read(Stream stream, Action<LogOperation> onRecord)
    {
        var header = new byte[LogCodec.FrameHeaderSize];

        // One payload array for the whole file, grown to the largest record: records are decoded out of it.
        var payload = Array.Empty<byte>();
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

            if (payload.Length < length)
            {
                payload = new byte[length];
            }

            stream.ReadExactly(payload, 0, length);
            if (Crc32.Compute(payload.AsSpan(0, length)) != crc)
            {
                break;
            }

            LogOperation operation;
            try
            {
                operation = LogCodec.Decode(payload, length);
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
