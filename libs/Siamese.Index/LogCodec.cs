using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Siamese.Index;

/// <summary>
/// Frames and encodes log records: <c>[int32 payload length][uint32 CRC-32 of payload][payload]</c>, little endian;
/// payload = <c>[byte kind][int64 sequence][fields]</c>. A frame that is short or fails its CRC is a torn write.
/// </summary>
internal static class LogCodec
{
    public const int FrameHeaderSize = 8;

    // A length beyond this cannot come from this codec: it is garbage from a torn write.
    public const int MaxPayload = 1 << 30;

    private const byte UpsertKind = 1;
    private const byte DeleteKind = 2;
    private const byte HeaderKind = 3;
    private const byte EndKind = 4;
    private const byte DeleteTenantKind = 5;

    private static readonly System.Text.UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The operation as one frame at the start of <paramref name="buffer"/>, which is replaced by a larger array when
    /// too small: a writer that frames record after record (the log, a snapshot) reuses one array instead of leaving
    /// a large one behind per record for the collector. Returns the frame's length.
    /// </summary>
    public static int Frame(LogOperation operation, ref byte[] buffer)
    {
        var length = FrameLength(operation);
        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        Encode(operation, buffer, length);
        return length;
    }

    /// <summary>Decodes the first <paramref name="length"/> bytes of <paramref name="payload"/> (read in place, not copied).</summary>
    public static LogOperation Decode(byte[] payload, int length)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, 0, length, writable: false), Utf8);
        var kind = reader.ReadByte();
        var sequence = reader.ReadInt64();
        switch (kind)
        {
            case UpsertKind:
                var count = reader.ReadInt32();
                var records = new VectorRecord[count];
                Span<byte> id = stackalloc byte[16];
                for (var i = 0; i < count; i++)
                {
                    reader.ReadExactly(id);
                    var tenant = reader.ReadString();
                    var subject = reader.ReadString();
                    var display = reader.ReadString();
                    var vector = new float[reader.ReadInt32()];
                    reader.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                    records[i] = new VectorRecord(new Guid(id), tenant, subject, display, vector);
                }

                return new LogOperation.Upsert(sequence, records);
            case DeleteKind:
                return new LogOperation.DeleteSubject(sequence, reader.ReadString(), reader.ReadString());
            case DeleteTenantKind:
                return new LogOperation.DeleteTenant(sequence, reader.ReadString());
            case HeaderKind:
                return new LogOperation.SnapshotHeader(sequence, reader.ReadInt32());
            case EndKind:
                return new LogOperation.SnapshotEnd(sequence, reader.ReadInt64());
            default:
                throw new InvalidDataException($"Unknown log record kind {kind}.");
        }
    }

    // Header + payload, computed from the fields so the frame is written once into an array of its exact size.
    private static int FrameLength(LogOperation operation)
    {
        long payload = operation switch
        {
            LogOperation.Upsert upsert => 1 + 8 + 4 + upsert.Records.Sum(r =>
                16L + StringLength(r.Tenant) + StringLength(r.SubjectId) + StringLength(r.DisplayName ?? "") + 4 + (4L * r.Vector.Length)),
            LogOperation.DeleteSubject delete => 1 + 8 + StringLength(delete.Tenant) + StringLength(delete.SubjectId),
            LogOperation.DeleteTenant delete => 1 + 8 + StringLength(delete.Tenant),
            LogOperation.SnapshotHeader => 1 + 8 + 4,
            LogOperation.SnapshotEnd => 1 + 8 + 8,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.GetType().Name, "Unknown log operation."),
        };
        if (payload > MaxPayload)
        {
            throw new ArgumentException($"A log record of {payload} bytes is over the limit of {MaxPayload}: write fewer examples per call.", nameof(operation));
        }

        return FrameHeaderSize + (int)payload;
    }

    // As BinaryWriter writes a string: its UTF-8 byte count as a 7-bit encoded integer, then the bytes.
    private static int StringLength(string value)
    {
        var bytes = Utf8.GetByteCount(value);
        var prefix = 1;
        for (var rest = (uint)bytes >> 7; rest != 0; rest >>= 7)
        {
            prefix++;
        }

        return prefix + bytes;
    }

    private static void Encode(LogOperation operation, byte[] buffer, int length)
    {
        using (var writer = new BinaryWriter(new MemoryStream(buffer, 0, length, writable: true), Utf8))
        {
            writer.Write(0);
            writer.Write(0u);
            Write(writer, operation);
            if (writer.BaseStream.Position != length)
            {
                throw new InvalidOperationException($"Log record encoded to {writer.BaseStream.Position} bytes, {length} expected.");
            }
        }

        var body = buffer.AsSpan(FrameHeaderSize, length - FrameHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Crc32.Compute(body));
    }

    private static void Write(BinaryWriter writer, LogOperation operation)
    {
        switch (operation)
        {
            case LogOperation.Upsert upsert:
                writer.Write(UpsertKind);
                writer.Write(upsert.Sequence);
                writer.Write(upsert.Records.Count);
                Span<byte> id = stackalloc byte[16];
                foreach (var record in upsert.Records)
                {
                    record.Id.TryWriteBytes(id);
                    writer.Write(id);
                    writer.Write(record.Tenant);
                    writer.Write(record.SubjectId);
                    writer.Write(record.DisplayName ?? "");
                    writer.Write(record.Vector.Length);
                    writer.Write(MemoryMarshal.AsBytes(record.Vector.AsSpan()));
                }

                break;
            case LogOperation.DeleteSubject delete:
                writer.Write(DeleteKind);
                writer.Write(delete.Sequence);
                writer.Write(delete.Tenant);
                writer.Write(delete.SubjectId);
                break;
            case LogOperation.DeleteTenant delete:
                writer.Write(DeleteTenantKind);
                writer.Write(delete.Sequence);
                writer.Write(delete.Tenant);
                break;
            case LogOperation.SnapshotHeader header:
                writer.Write(HeaderKind);
                writer.Write(header.Sequence);
                writer.Write(header.Dimension);
                break;
            case LogOperation.SnapshotEnd end:
                writer.Write(EndKind);
                writer.Write(end.Sequence);
                writer.Write(end.Examples);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.GetType().Name, "Unknown log operation.");
        }
    }
}
