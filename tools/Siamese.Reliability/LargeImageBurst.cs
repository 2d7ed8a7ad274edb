using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Siamese.Imaging;
using Siamese.Protos.V1;

namespace Siamese.Reliability;

/// <summary>
/// Twenty 2666×2666 images at once on a face model (YuNet-aligned crops): half a solid picture (nothing to find, the
/// case that took 18.8 s and 3.4 GB before), half a face filling the picture (an ordinary photo's portrait). Peak resident
/// memory of the host above its warmed-up baseline, and the 50th/99th percentile of the call time.
/// </summary>
public static class LargeImageBurst
{
    public const int Side = 2666;

    public static async Task<LargeImageFigures> RunAsync(Deployment deployment, string tenantKey, string facePath, int requests, string model)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var matcher = new Matcher.MatcherClient(deployment.Channel);
        var auth = Deployment.Auth(tenantKey);
        var face = ImageDecoder.LoadGray(facePath);
        await matcher.EnrollAsync(new EnrollRequest { SubjectId = "portrait", Images = { ByteString.CopyFrom(ImageEncoder.EncodePng(face)) } }, auth);
        var solid = ByteString.CopyFrom(ImageEncoder.EncodePng(new GrayImage(Side, Side, Enumerable.Repeat(128f, Side * Side).ToArray())));
        var portrait = ByteString.CopyFrom(ImageEncoder.EncodeJpeg(ToRgb(ImageOps.Resize(face, Side, Side))));

        // Warm-up: one call of each kind, so the baseline already holds the loaded detector.
        foreach (var image in new[] { solid, portrait })
        {
            await Call(matcher, image, auth);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        var single = Stopwatch.StartNew();
        foreach (var image in new[] { solid, portrait })
        {
            await Call(matcher, image, auth);
        }

        var singleS = single.Elapsed.TotalSeconds / 2;
        var load = LoadAverage();
        var baseline = deployment.ResidentMb;
        var times = new double[requests];
        int succeeded = 0, rejected = 0, noFace = 0, busy = 0;
        await using (var sampler = new ProcessMemory.PeakSampler(deployment.Process.Pid, TimeSpan.FromMilliseconds(20)))
        {
            await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
            {
                var clock = Stopwatch.StartNew();
                var refusal = await Call(matcher, i % 2 == 0 ? solid : portrait, auth);
                times[i] = clock.Elapsed.TotalSeconds;
                if (refusal is null)
                {
                    Interlocked.Increment(ref succeeded);
                    return;
                }

                Interlocked.Increment(ref rejected);
                Interlocked.Increment(ref refusal == StatusCode.ResourceExhausted ? ref busy : ref noFace);
            }));
            var peak = sampler.PeakMb;
            await Task.Delay(TimeSpan.FromSeconds(5));
            Array.Sort(times);
            return new LargeImageFigures(requests, succeeded, rejected, Math.Round(baseline, 1), Math.Round(peak, 1), Math.Round(peak - baseline, 1),
                Math.Round(deployment.ResidentMb, 1), Math.Round(Percentile(times, 50), 3), Math.Round(Percentile(times, 99), 3), Side, Side, model)
            {
                SingleS = Math.Round(singleS, 3),
                P99OverSingle = Math.Round(Percentile(times, 99) / singleS, 1),
                LoadAverage = load,
                NoFace = noFace,
                RefusedBusy = busy,
            };
        }
    }

    /// <summary>Null when the image was identified; else the clear error it was refused with ("no face found", too busy).</summary>
    private static async Task<StatusCode?> Call(Matcher.MatcherClient matcher, ByteString image, Metadata auth)
    {
        try
        {
            await matcher.IdentifyAsync(new IdentifyRequest { Image = image }, auth, DateTime.UtcNow.AddMinutes(2));
            return null;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.ResourceExhausted)
        {
            return ex.StatusCode;
        }
    }

    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var l)
            ? l : double.NaN;

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static RgbImage ToRgb(GrayImage gray)
    {
        var rgb = new byte[gray.Width * gray.Height * 3];
        for (var i = 0; i < gray.Pixels.Length; i++)
        {
            rgb[3 * i] = rgb[(3 * i) + 1] = rgb[(3 * i) + 2] = (byte)Math.Clamp(MathF.Round(gray.Pixels[i]), 0f, 255f);
        }

        return new RgbImage(gray.Width, gray.Height, rgb);
    }
}
