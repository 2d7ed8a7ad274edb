using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Siamese.Reliability.BadInputs;

/// <summary>
/// Hand-made gRPC requests whose message is not valid protobuf for the method (truncated varints and lengths, bad tags and
/// wire types, garbage), or whose gRPC framing is wrong (length disagreeing with the body, a compressed flag without an
/// encoding, no message, two messages for a unary call). A payload the method's own parser reads is dropped. Seeded.
/// </summary>
public static class RawProtobuf
{
    /// <summary>
    /// Every method of the public services that a client sends requests to and gets one answer from (unary, and client
    /// streaming: CalibrateStream), as /package.Service/Method with its request type. For a stream, a body is its messages.
    /// </summary>
    public static IReadOnlyList<(string Path, MessageDescriptor Request)> Methods(params ServiceDescriptor[] services) =>
        [.. services.SelectMany(s => s.Methods.Where(m => !m.IsServerStreaming).Select(m => ($"/{s.FullName}/{m.Name}", m.InputType)))];

    /// <summary>The request bodies (gRPC frames) to send to a method with <paramref name="request"/> as its input.</summary>
    public static IReadOnlyList<(string Name, byte[] Body)> Bodies(MessageDescriptor request, int seed)
    {
        ArgumentNullException.ThrowIfNull(request);
        var random = new Random(seed);
        var payloads = new List<(string, byte[])>
        {
            ("truncated-varint", [0x08, 0xFF, 0xFF]),
            ("overlong-varint", [0x08, .. Enumerable.Repeat((byte)0xFF, 11), 0x01]),
            ("tag-zero", [0x00, 0x01]),
            ("wire-type-6", [0x0E, 0x01]),
            ("wire-type-7", [0x0F, 0x01]),
            ("length-past-end-field-1", [0x0A, 0x7F, 0x01, 0x02]),
            ("length-past-end-field-2", [0x12, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01]),
            ("length-past-end-field-3", [0x1A, 0x64]),
            ("length-past-end-field-4", [0x22, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
            ("negative-length", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            ("group-never-ended", [0x0B, 0x08, 0x01]),
            ("end-group-alone", [0x0C]),
            ("deep-groups", [.. Enumerable.Repeat((byte)0x0B, 200)]),
            ("fixed64-truncated", [0x09, 0x01, 0x02]),
            ("fixed32-truncated", [0x0D, 0x01]),
        };
        for (var field = 1; field <= 5; field++)
        {
            // A length-delimited field with a sub-message that is itself broken (for message-typed fields).
            payloads.Add(($"field-{field}-nested-garbage", [(byte)((field << 3) | 2), 3, 0x0F, 0xFF, 0xFF]));
        }

        for (var i = 0; i < 30; i++)
        {
            var bytes = new byte[1 + random.Next(64)];
            random.NextBytes(bytes);
            payloads.Add(($"random-{i}", bytes));
        }

        var bodies = payloads.Where(p => !Parses(request, p.Item2)).Select(p => (p.Item1, Frame(p.Item2))).ToList();
        bodies.Add(("no-message", []));
        bodies.Add(("frame-header-only", [0, 0, 0]));
        bodies.Add(("frame-says-100-has-3", [0, 0, 0, 0, 100, 1, 2, 3]));
        bodies.Add(("frame-says-4gib", [0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3]));
        bodies.Add(("compressed-flag-without-encoding", [1, 0, 0, 0, 2, 0x08, 0x01]));
        bodies.Add(("flag-byte-2", [2, 0, 0, 0, 0]));
        bodies.Add(("two-messages-for-unary", [.. Frame([]), .. Frame([])]));
        return bodies;
    }

    private static bool Parses(MessageDescriptor request, byte[] payload)
    {
        try
        {
            request.Parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>One length-prefixed gRPC message (uncompressed).</summary>
    public static byte[] Frame(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
