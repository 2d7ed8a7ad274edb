using Google.Protobuf;
using Siamese.Imaging;

namespace Siamese.Cli;

/// <summary>Reads an image file for sending, rejecting what is plainly not an image without a round trip.</summary>
internal static class ImageFile
{
    /// <summary>The bytes of <paramref name="path"/>; <see cref="InvalidDataException"/> says why a file is unusable.</summary>
    public static ByteString Read(string path)
    {
        if (Directory.Exists(path))
        {
            // Else .NET says "Access to the path is denied", which sends the user to check permissions.
            throw new InvalidDataException("is a folder, not an image file (a folder of images is enrolled with 'siamese enroll')");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new InvalidDataException("the file is empty");
        }

        // The service decodes and validates for real; sniffing here only saves sending obvious non-images.
        if (!ImageDecoder.LooksLikeImage(bytes))
        {
            throw new InvalidDataException("not an image: expected JPEG, PNG, BMP, WebP, GIF or PGM/PPM");
        }

        return ByteString.CopyFrom(bytes);
    }

    /// <summary>True for the failures that concern one file only (the run goes on).</summary>
    public static bool IsFileProblem(Exception error) =>
        error is IOException or UnauthorizedAccessException or InvalidDataException;
}
