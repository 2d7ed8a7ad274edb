namespace Siamese.Imaging;

/// <summary>A decoded Netpbm raster: samples scaled to 0..255 as float, 1 (gray) or 3 (RGB) interleaved channels.</summary>
internal sealed record NetpbmImage(int Width, int Height, int Channels, float[] Samples)
{
    public GrayImage ToGray()
    {
        if (Channels == 1)
        {
            return new GrayImage(Width, Height, Samples);
        }

        var gray = new float[Width * Height];
        for (int i = 0, s = 0; i < gray.Length; i++, s += 3)
        {
            gray[i] = ImageOps.Luma(Samples[s], Samples[s + 1], Samples[s + 2]);
        }

        return new GrayImage(Width, Height, gray);
    }

    public RgbImage ToRgb()
    {
        var rgb = new byte[Width * Height * 3];
        if (Channels == 3)
        {
            for (var i = 0; i < rgb.Length; i++)
            {
                rgb[i] = ImageOps.ToByte(Samples[i]);
            }
        }
        else
        {
            for (int i = 0, d = 0; i < Samples.Length; i++, d += 3)
            {
                var v = ImageOps.ToByte(Samples[i]);
                rgb[d] = v;
                rgb[d + 1] = v;
                rgb[d + 2] = v;
            }
        }

        return new RgbImage(Width, Height, rgb);
    }
}
