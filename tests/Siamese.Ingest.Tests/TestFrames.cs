using System.Net.Http.Headers;
using Siamese.Imaging;

namespace Siamese.Ingest.Tests;

/// <summary>Small generated frames and the requests that post them.</summary>
internal static class TestFrames
{
    public static byte[] Png(int width = 64, int height = 48)
    {
        // Noise: it does not compress, so the encoded size grows with the pixel count.
        var random = new Random(width * 7919 + height);
        var pixels = new float[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(256);
        }

        return ImageEncoder.EncodePng(new GrayImage(width, height, pixels));
    }

    public static HttpRequestMessage Post(byte[] body, string contentType = "image/png", string? camera = "cam-1",
        string? idempotencyKey = null, string? regions = null, string? tenant = null)
    {
        var query = new List<string>();
        if (camera is not null)
        {
            query.Add("cameraId=" + Uri.EscapeDataString(camera));
        }

        if (regions is not null)
        {
            query.Add("regions=" + Uri.EscapeDataString(regions));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames" + (query.Count > 0 ? "?" + string.Join('&', query) : ""))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant", tenant);
        }

        return request;
    }
}
