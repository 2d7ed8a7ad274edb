using Siamese.Imaging;

namespace Siamese.Ingest;

/// <summary>
/// Decodes the frame once at the door, so that a corrupt or oversized image is the camera's 400/413 now rather
/// than a failed frame later, and checks the regions against the decoded size.
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

        GrayImage image;
        try
        {
            image = ImageDecoder.DecodeGray(frame.Image, limits);
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

        CheckRegions(frame, image.Width, image.Height, options.MaxRegions);
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
