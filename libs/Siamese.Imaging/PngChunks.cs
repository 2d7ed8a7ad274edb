using System.Buffers.Binary;
using System.IO.Hashing;

namespace Siamese.Imaging;

/// <summary>
/// A PNG's chunk structure checked without inflating it, up to the end of its image data (where a decoder stops reading):
/// IHDR first, the CRC of every critical chunk, IDAT present and whole. The CRCs cover the compressed data, so a truncated
/// or bit-flipped file fails here as it does in the decoder, for a few microseconds instead of a millisecond.
/// </summary>
internal static class PngChunks
{
    private const int SignatureLength = 8;

    public static void Verify(ReadOnlySpan<byte> data)
    {
        var at = SignatureLength;
        var chunks = 0;
        var sawData = false;
        while (true)
        {
            // Past the image data the decoder (libpng) only reads the next chunk's header: a damaged or missing IEND, or an
            // ancillary chunk, is still an image; a length over 2^31 - 1, or a critical chunk other than IEND, is not.
            if (sawData && (data.Length - at < 12 || !data.Slice(at + 4, 4).SequenceEqual("IDAT"u8)))
            {
                if (data.Length - at >= 8 && BinaryPrimitives.ReadUInt32BigEndian(data[at..]) > int.MaxValue)
                {
                    throw new ImageDecodeException(ImageError.Corrupt, $"PNG chunk at byte {at} declares a length over 2^31 - 1.");
                }

                if (data.Length - at >= 8 && (data[at + 4] & 0x20) == 0 && !data.Slice(at + 4, 4).SequenceEqual("IEND"u8))
                {
                    throw new ImageDecodeException(ImageError.Corrupt, $"PNG has an unknown or misplaced critical chunk after its image data (byte {at}).");
                }

                return;
            }

            if (data.Length - at < 12)
            {
                throw new ImageDecodeException(
                    ImageError.Truncated, $"PNG data truncated: it ends at chunk {chunks + 1}, before its image data ({data.Length} bytes).");
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

            var body = data.Slice(at + 4, 4 + (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8 + (int)length)..]);

            // Critical chunks (upper-case first letter) must be intact, as libpng requires; ancillary ones a decoder skips.
            var critical = (type[0] & 0x20) == 0;
            if (critical && Crc32.HashToUInt32(body) != stored)
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
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                throw new ImageDecodeException(ImageError.Corrupt, "PNG has no image data (no IDAT chunk before IEND).");
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
