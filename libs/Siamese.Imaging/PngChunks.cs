using System.Buffers.Binary;
using System.IO.Hashing;

namespace Siamese.Imaging;

/// <summary>
/// A PNG's chunk structure checked without inflating it: IHDR first, every chunk named and inside the file, the CRC of
/// every critical chunk, the IDAT chunks consecutive, IEND last. The CRCs cover the compressed data, so a truncated or
/// bit-flipped file fails here as it does in the decoder, for a few microseconds instead of a millisecond. Stricter than
/// libpng in one respect only: damage after the last image row (a cut-off or damaged IEND), which libpng reads past, is
/// refused here like any other damage — which end of the file was damaged cannot be told without inflating it.
/// </summary>
internal static class PngChunks
{
    private const int SignatureLength = 8;

    /// <summary>Ancillary chunks that change the pixels or their orientation: kept (the first of each type, up to <see cref="MaxKeptChunk"/>).</summary>
    private static readonly string[] Kept = ["tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "iCCP", "eXIf"];

    /// <summary>Largest kept ancillary chunk: a colour profile or EXIF block of a real photo is far smaller.</summary>
    private const int MaxKeptChunk = 1024 * 1024;

    /// <summary>Below this many bytes of droppable chunks, the file is decoded as it is (no copy).</summary>
    private const int MinDropped = 64 * 1024;

    /// <summary>
    /// The PNG without its bulky ancillary chunks (text, timestamps, private data; a pixel-affecting one past 1 MiB or
    /// repeated), or null when they add up to less than 64 KiB, or the chunk structure is broken (the decoder reports
    /// that). Through SkiaSharp's codec, the time to open and decode a PNG grew with the square of such a chunk's size
    /// (a text chunk of 2 MB took about 1 s, of 8 MB 21.7 s on this machine; a camera frame's PNG takes a millisecond),
    /// so a file within the image limit held a decode slot that long (the frame-check benchmark measures it).
    /// </summary>
    public static byte[]? WithoutBulkyAncillaries(ReadOnlySpan<byte> data)
    {
        var keep = new List<Range>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = 0L;
        var at = SignatureLength;
        for (var index = 0; ; index++)
        {
            if (Read(data, at, index, out _) is not { } chunk)
            {
                return null;
            }

            if (chunk.Critical || (Kept.Contains(chunk.Name, StringComparer.Ordinal) && chunk.Length <= MaxKeptChunk && seen.Add(chunk.Name)))
            {
                keep.Add(at..chunk.End);
            }
            else
            {
                dropped += chunk.End - at;
            }

            at = chunk.End;
            if (chunk.Name == "IEND")
            {
                break;
            }
        }

        if (dropped < MinDropped)
        {
            return null;
        }

        var slim = new byte[SignatureLength + keep.Sum(r => r.End.Value - r.Start.Value)];
        data[..SignatureLength].CopyTo(slim);
        var to = SignatureLength;
        foreach (var range in keep)
        {
            data[range].CopyTo(slim.AsSpan(to));
            to += range.End.Value - range.Start.Value;
        }

        return slim;
    }

    public static void Verify(ReadOnlySpan<byte> data)
    {
        var at = SignatureLength;
        var (sawData, dataEnded) = (false, false);
        for (var index = 0; ; index++)
        {
            var chunk = Read(data, at, index, out var problem) ?? throw problem!;

            // Critical chunks (upper-case first letter) must be intact, as libpng requires; ancillary ones a decoder skips.
            var stored = BinaryPrimitives.ReadUInt32BigEndian(data[(chunk.End - 4)..]);
            if (chunk.Critical && Crc32.HashToUInt32(data.Slice(at + 4, 4 + (int)chunk.Length)) != stored)
            {
                throw new ImageDecodeException(ImageError.Corrupt, $"PNG chunk {chunk.Name} at byte {at} fails its CRC: the data is damaged.");
            }

            if (index == 0 && (chunk.Name != "IHDR" || chunk.Length != 13))
            {
                throw new ImageDecodeException(ImageError.Corrupt, "PNG header is malformed (the first chunk is not a 13-byte IHDR).");
            }

            at = chunk.End;
            if (chunk.Name == "IDAT")
            {
                if (dataEnded)
                {
                    throw new ImageDecodeException(ImageError.Corrupt, "PNG image data is interrupted (IDAT chunks must be consecutive).");
                }

                sawData = true;
            }
            else if (chunk.Name == "IEND")
            {
                if (!sawData)
                {
                    throw new ImageDecodeException(ImageError.Corrupt, "PNG has no image data (no IDAT chunk before IEND).");
                }

                return;
            }
            else
            {
                dataEnded |= sawData;
            }
        }
    }

    /// <summary>One chunk: where it starts, its data length, its type's name, and where the next one starts.</summary>
    private readonly record struct Chunk(int At, uint Length, string Name)
    {
        /// <summary>Critical chunks have an upper-case first letter.</summary>
        public bool Critical => char.IsAsciiLetterUpper(Name[0]);

        /// <summary>After the length, type, data and CRC.</summary>
        public int End => At + 12 + (int)Length;
    }

    /// <summary>The <paramref name="index"/>th chunk, at byte <paramref name="at"/>: null, with why, where the file ends or the chunk is not one.</summary>
    private static Chunk? Read(ReadOnlySpan<byte> data, int at, int index, out ImageDecodeException? problem)
    {
        problem = null;
        if (data.Length - at < 12)
        {
            problem = new ImageDecodeException(
                ImageError.Truncated, $"PNG data truncated: it ends at chunk {index + 1} without an IEND chunk ({data.Length} bytes).");
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
        var type = data.Slice(at + 4, 4);
        if (!IsChunkType(type))
        {
            problem = new ImageDecodeException(ImageError.Corrupt, $"PNG chunk {index + 1} at byte {at} has no valid chunk type.");
            return null;
        }

        if (length > (uint)(data.Length - at - 12))
        {
            problem = new ImageDecodeException(
                ImageError.Truncated, $"PNG data truncated: chunk {Name(type)} declares {length} bytes, more than the {data.Length - at - 12} left.");
            return null;
        }

        return new Chunk(at, length, Name(type));
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static string Name(ReadOnlySpan<byte> type) => System.Text.Encoding.ASCII.GetString(type);
}
