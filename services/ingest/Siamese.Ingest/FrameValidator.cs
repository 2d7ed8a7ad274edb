using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>
/// Checks the frame at the door, so that a corrupt or oversized image is the camera's 400/413 now rather than a failed
/// frame later, and checks the regions against the image's size. <see cref="ImageDecoder.Validate"/>, not a decode: a
/// PNG's chunks and CRCs, a JPEG at 1/8 scale. Detect decodes the frame anyway, and a 320×240 PNG's decode here cost
/// about as much CPU as the rest of ingest's work on it; a frame that passes here and still fails to decode (a PNG whose
/// intact chunks hold a malformed compressed stream) comes back to the camera as a failed frame, not lost.
/// </summary>
internal static class FrameValidator
{
    public static void Validate(FrameSubmission frame, IngestOptions options, ImageLimits limits)
    {
        if (frame.Image.Length == 0)
        {
            throw FrameRejectedException.Corrupt("The frame is empty: send the image bytes.");
        }

        if (!ImageDecoder.LooksLikeImage(frame.Image))
        {
            throw FrameRejectedException.NotAnImage("The bytes are not an image format Siamese reads (JPEG, PNG, BMP, WebP, GIF, PGM/PPM).");
        }

        int width, height;
        try
        {
            (width, height) = ImageDecoder.Validate(frame.Image, limits);
        }
        catch (ImageDecodeException ex)
        {
            throw ex.Error switch
            {
                ImageError.TooLarge => FrameRejectedException.TooLarge(ex.Message, ex),
                ImageError.UnsupportedFormat => FrameRejectedException.NotAnImage(ex.Message, ex),
                _ => FrameRejectedException.Corrupt(ex.Message, ex),
            };
        }

        CheckRegions(frame, width, height, options.MaxRegions);
    }

    private static void CheckRegions(FrameSubmission frame, int width, int height, int maxRegions)
    {
        if (frame.Regions is not { } regions)
        {
            return;
        }

        if (regions.Count > maxRegions)
        {
            throw FrameRejectedException.BadMetadata($"{regions.Count} regions; at most {maxRegions} are allowed per frame.");
        }

        for (var i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
            if (r is null || r.Width <= 0 || r.Height <= 0)
            {
                throw FrameRejectedException.BadMetadata($"Region {i} must have a positive width and height.");
            }

            if (r.X < 0 || r.Y < 0 || (long)r.X + r.Width > width || (long)r.Y + r.Height > height)
            {
                throw FrameRejectedException.BadMetadata(
                    $"Region {i} ({r.X},{r.Y} {r.Width}×{r.Height}) is outside the {width}×{height} frame.");
            }
        }
    }
}
