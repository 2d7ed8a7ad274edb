using Siamese.Testing;

namespace Siamese.Imaging.Tests;

/// <summary>
/// A PNG's bulky ancillary chunks (text, private data) are left out before libpng reads the file: it took time growing
/// with the square of such a chunk's size (an 8 MB text chunk: 21.7 s on this machine), so a picture within the image
/// limit held a decode slot that long. The pixels are unchanged, and the chunks that can change them (transparency,
/// colour space, orientation) are kept.
/// </summary>
public sealed class PngAncillaryChunkTests
{
    [Fact]
    public void APngWithABulkyTextChunkDecodesAsTheSamePngWithoutIt()
    {
        var plain = WithChunks(Exif(6), Gamma());
        var padded = WithChunks(Exif(6), Gamma(), PngChunkFiles.Chunk("tEXt", Text("Comment", 8_000_000)), PngChunkFiles.Chunk("prVt", new byte[100_000]));

        var expected = ImageDecoder.DecodeRgb(plain);
        var actual = ImageDecoder.DecodeRgb(padded);

        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.Equal(expected.Rgb, actual.Rgb);
        Assert.Equal(ImageDecoder.DecodeGray(plain).Pixels, ImageDecoder.DecodeGray(padded).Pixels);
        Assert.Equal((expected.Width, expected.Height), ImageDecoder.Validate(padded));
    }

    [Fact]
    public void OnlyBulkyOrRepeatedAncillaryChunksAreLeftOut()
    {
        var small = WithChunks(Exif(6), PngChunkFiles.Chunk("tEXt", Text("Title", 1000)));
        var bulky = WithChunks(Exif(6), Exif(3), Gamma(), PngChunkFiles.Chunk("iCCP", new byte[2_000_000]), PngChunkFiles.Chunk("tEXt", Text("Comment", 70_000)));

        var slim = PngChunks.WithoutBulkyAncillaries(bulky);

        // Less than 64 KiB to leave out: decoded as it is, without a copy.
        Assert.Null(PngChunks.WithoutBulkyAncillaries(small));
        Assert.NotNull(slim);
        // The first eXIf is kept, the second, the 2 MB colour profile and the text are not; the encoder's own chunks are.
        Assert.Equal(ChunkTypes(WithChunks(Exif(6), Gamma())), ChunkTypes(slim));
        Assert.Equal(WithChunks(Exif(6), Gamma()), slim);
        PngChunks.Verify(slim);

        // A broken structure is the decoder's to report, not this step's.
        Assert.Null(PngChunks.WithoutBulkyAncillaries(bulky.AsSpan(0, bulky.Length - 100)));
    }

    // The 48×24 colour blocks as a PNG, with the chunks after its IHDR.
    private static byte[] WithChunks(params byte[][] chunks) => PngChunkFiles.AfterHeader(ImageEncoder.EncodePng(TestImages.ColourBlocks(48, 24)), chunks);

    private static byte[] Text(string keyword, int length) => [.. System.Text.Encoding.ASCII.GetBytes(keyword), 0, .. Enumerable.Repeat((byte)'x', length)];

    private static byte[] Gamma() => PngChunkFiles.Chunk("gAMA", [0, 0, 0xB1, 0x8F]);

    // An eXIf chunk holding one tag, Orientation (big-endian TIFF, as in a JPEG's EXIF segment without its "Exif" prefix).
    private static byte[] Exif(int orientation) => PngChunkFiles.Chunk("eXIf",
    [
        (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
        0, 1,
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte)orientation, 0, 0,
        0, 0, 0, 0,
    ]);

    private static List<string> ChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var at = 8; at + 12 <= png.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            types.Add(System.Text.Encoding.ASCII.GetString(png, at + 4, 4));
            at += 12 + length;
        }

        return types;
    }
}
