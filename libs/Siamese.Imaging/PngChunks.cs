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
        while (true)
        {
            if (data.Length - at < 12)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            var type = data.Slice(at + 4, 4);
            if (!IsChunkType(type) || length > (uint)(data.Length - at - 12))
            {
                return null;
            }

            var end = at + 12 + (int)length;
            var critical = (type[0] & 0x20) == 0;
            var name = Name(type);
            if (critical || (Kept.Contains(name, StringComparer.Ordinal) && length <= MaxKeptChunk && seen.Add(name)))
            {
                keep.Add(at..end);
            }
            else
            {
                dropped += end - at;
            }

            at = end;
            if (type.SequenceEqual("IEND"u8))
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
        var chunks = 0;
        var (sawData, dataEnded) = (false, false);
        while (true)
        {
            if (data.Length - at < 12)
            {
                throw new ImageDecodeException(
                    ImageError.Truncated, $"PNG data truncated: it ends at chunk {chunks + 1} without an IEND chunk ({data.Length} bytes).");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            var type = data.Slice(at + 4, 4);
            if (!IsChunkType(type))
            {
                throw new ImageDecodeException(ImageError.Corrupt, $"PNG chunk {chunks + 1} at byte {at} has no valid chunk type.");
            }

            if (length > (uint)(data.Length - at - 12))
            {
                throw new ImageDecodeException(
                    ImageError.Truncated, $"PNG data truncated: chunk {Name(type)} declares {length} bytes, more than the {data.Length - at - 12} left.");
            }

            // Critical chunks (upper-case first letter) must be intact, as libpng requires; ancillary ones a decoder skips.
            var critical = (type[0] & 0x20) == 0;
            var stored = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8 + (int)length)..]);
            if (critical && Crc32.HashToUInt32(data.Slice(at + 4, 4 + (int)length)) != stored)
            {
                throw new ImageDecodeException(ImageError.Corrupt, $"PNG chunk {Name(type)} at byte {at} fails its CRC: the data is damaged.");
            }

            if (chunks == 0 && (!type.SequenceEqual("IHDR"u8) || length != 13))
            {
                throw new ImageDecodeException(ImageError.Corrupt, "PNG header is malformed (the first chunk is not a 13-byte IHDR).");
            }

            chunks++;
            at += 12 + (int)length;
            if (type.SequenceEqual("IDAT"u8))
            {
                if (dataEnded)
                {
                    throw new ImageDecodeException(ImageError.Corrupt, "PNG image data is interrupted (IDAT chunks must be consecutive).");
                }

                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
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
