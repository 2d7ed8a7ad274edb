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

    public static byte[] Frame(LogOperation operation)
    {
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((int)0);
            writer.Write(0u);
            Write(writer, operation);
        }

        var frame = payload.ToArray();
        var body = frame.AsSpan(FrameHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.Compute(body));
        return frame;
    }

    public static LogOperation Decode(ReadOnlySpan<byte> payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload.ToArray(), writable: false), System.Text.Encoding.UTF8);
        var kind = reader.ReadByte();
        var sequence = reader.ReadInt64();
        switch (kind)
        {
            case UpsertKind:
                var count = reader.ReadInt32();
                var records = new VectorRecord[count];
                for (var i = 0; i < count; i++)
                {
                    var id = new Guid(reader.ReadBytes(16));
                    var tenant = reader.ReadString();
                    var subject = reader.ReadString();
                    var display = reader.ReadString();
                    var vector = new float[reader.ReadInt32()];
                    reader.Read(MemoryMarshal.AsBytes(vector.AsSpan()));
                    records[i] = new VectorRecord(id, tenant, subject, display, vector);
                }

                return new LogOperation.Upsert(sequence, records);
            case DeleteKind:
                return new LogOperation.DeleteSubject(sequence, reader.ReadString(), reader.ReadString());
            case HeaderKind:
                return new LogOperation.SnapshotHeader(sequence, reader.ReadInt32());
            case EndKind:
                return new LogOperation.SnapshotEnd(sequence, reader.ReadInt64());
            default:
                throw new InvalidDataException($"Unknown log record kind {kind}.");
        }
    }

    private static void Write(BinaryWriter writer, LogOperation operation)
    {
        switch (operation)
        {
            case LogOperation.Upsert upsert:
                writer.Write(UpsertKind);
                writer.Write(upsert.Sequence);
                writer.Write(upsert.Records.Count);
                foreach (var record in upsert.Records)
                {
                    writer.Write(record.Id.ToByteArray());
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
