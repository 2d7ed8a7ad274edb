using System.Text;

namespace Siamese.Reliability.BadInputs;

/// <summary>
/// multipart/form-data bodies for <c>POST /v1/frames</c> that no reader should accept: broken framing (no boundary,
/// a boundary that never appears, no closing line, truncation), absurd part headers, no image part, and a valid frame
/// part beside fields that are wrong (camera, regions).
/// </summary>
public static class BadMultipart
{
    /// <summary>
    /// Cases bad only for a frame: ingest's own fields (camera, regions, idempotency key), and an image part labelled as
    /// text, which ingest refuses by its type. Match's photo routes ignore fields they do not read and judge an image
    /// by its bytes, so there these bodies are good photos.
    /// </summary>
    public static IReadOnlySet<string> FrameOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "bad-camera-field", "no-camera", "bad-regions-field", "regions-outside", "bad-idempotency-field", "image-part-text-type",
    };

    /// <summary>(name, content type header, body) triples; <paramref name="image"/> is a valid image to wrap.</summary>
    public static IReadOnlyList<(string Name, string ContentType, byte[] Body)> Create(byte[] image)
    {
        const string b = "XyZboundary42";
        var ct = $"multipart/form-data; boundary={b}";
        var imagePart = Part(b, "form-data; name=\"image\"; filename=\"f.png\"", "image/png", image);
        var camera = Field(b, "cameraId", "cam-1");
        var end = Encoding.ASCII.GetBytes($"--{b}--\r\n");
        var good = Cat(camera, imagePart, end);
        var list = new List<(string, string, byte[])>
        {
            ("no-boundary-parameter", "multipart/form-data", good),
            ("empty-boundary", "multipart/form-data; boundary=", good),
            ("boundary-not-in-body", "multipart/form-data; boundary=other", good),
            ("boundary-too-long", $"multipart/form-data; boundary={new string('b', 200)}", good),
            ("no-closing-boundary", ct, Cat(camera, imagePart)),
            ("truncated-in-headers", ct, good[..(camera.Length + 20)]),
            ("truncated-in-image", ct, good[..(camera.Length + imagePart.Length - 10)]),
            ("empty-body", ct, []),
            ("only-closing-boundary", ct, end),
            ("garbage-body", ct, Encoding.ASCII.GetBytes("this is not multipart at all")),
            ("no-image-part", ct, Cat(camera, end)),
            ("image-part-not-an-image", ct, Cat(camera, Part(b, "form-data; name=\"image\"; filename=\"f.png\"", "image/png", "hello"u8.ToArray()), end)),
            ("image-part-text-type", ct, Cat(camera, Part(b, "form-data; name=\"image\"; filename=\"f.txt\"", "text/plain", image), end)),
            ("image-part-empty", ct, Cat(camera, Part(b, "form-data; name=\"image\"; filename=\"f.png\"", "image/png", []), end)),
            ("part-without-disposition", ct, Cat(Encoding.ASCII.GetBytes($"--{b}\r\nContent-Type: image/png\r\n\r\n"), image, "\r\n"u8.ToArray(), end)),
            ("header-line-64k", ct, Cat(Encoding.ASCII.GetBytes($"--{b}\r\nX-Junk: {new string('j', 65_536)}\r\n\r\nx\r\n"), end)),
            ("header-without-colon", ct, Cat(Encoding.ASCII.GetBytes($"--{b}\r\nthis line has no colon\r\n\r\nx\r\n"), end)),
            ("thousands-of-parts", ct, Cat([.. Enumerable.Range(0, 3000).Select(i => Field(b, $"f{i}", "v")), end])),
            ("bad-camera-field", ct, Cat(Field(b, "cameraId", "../etc/passwd"), imagePart, end)),
            ("no-camera", ct, Cat(imagePart, end)),
            ("bad-regions-field", ct, Cat(camera, Field(b, "regions", "[{\"x\":-1"), imagePart, end)),
            ("regions-outside", ct, Cat(camera, Field(b, "regions", "99999,99999,10,10"), imagePart, end)),
            ("bad-idempotency-field", ct, Cat(camera, Field(b, "idempotencyKey", new string('k', 500)), imagePart, end)),
            ("nested-multipart", ct, Cat(camera, Part(b, "form-data; name=\"image\"", "multipart/mixed; boundary=inner", "--inner\r\n\r\nx\r\n--inner--\r\n"u8.ToArray()), end)),
            ("lf-only-line-ends", ct, Encoding.ASCII.GetBytes($"--{b}\nContent-Disposition: form-data; name=\"cameraId\"\n\ncam\n--{b}--\n")),
            ("nul-in-boundary-line", ct, Cat(Encoding.ASCII.GetBytes($"--{b}\0\r\n\r\nx\r\n"), end)),
            ("urlencoded-not-multipart", "application/x-www-form-urlencoded", "cameraId=cam-1&image=abc"u8.ToArray()),
            ("multipart-mixed", $"multipart/mixed; boundary={b}", good),
        };
        return list;
    }

    private static byte[] Part(string boundary, string disposition, string contentType, byte[] content) =>
        Cat(Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: {contentType}\r\n\r\n"), content, "\r\n"u8.ToArray());

    private static byte[] Field(string boundary, string name, string value) =>
        Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");

    private static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
