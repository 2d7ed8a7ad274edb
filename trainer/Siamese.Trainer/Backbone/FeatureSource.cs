using System.Diagnostics;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Onnx;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Features of image files (and views of them): from the cache when it has them, else decoded in colour, cut into
/// the view, preprocessed by THE shared <see cref="Preprocessor"/> (C channels, 224×224, pixel/255) and run through
/// the backbone in batches. Says how many it computed and how fast.
/// </summary>
public sealed class FeatureSource(FeatureExtractor extractor, FeatureCache cache, TextWriter log)
{
    private const int BatchSize = 16;

    /// <summary>The preprocessing of the backbone model's input, as the metadata declares it (mean 0, std 1).</summary>
    public static Preprocessor PreprocessorFor(int channels) => new(BackboneGraph.InputSize, BackboneGraph.InputSize, 0f, 1f, channels);

    /// <summary>Seconds spent running the backbone in this source's lifetime.</summary>
    public double ComputeSeconds { get; private set; }

    /// <summary>Images (views) run through the backbone in this source's lifetime (not from the cache).</summary>
    public int Computed { get; private set; }

    public float[][] Features(IReadOnlyList<(string Path, int View)> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var result = new float[requests.Count][];
        var missing = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            if (!cache.TryGet(FeatureCache.Key(requests[i].Path, requests[i].View), out result[i]))
            {
                missing.Add(i);
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        log.WriteLine($"Backbone features: {missing.Count} of {requests.Count} images to compute ({requests.Count - missing.Count} cached)...");
        var preprocessor = PreprocessorFor(extractor.Channels);
        var length = preprocessor.InputLength;
        var clock = Stopwatch.StartNew();
        var lastReport = clock.Elapsed;

        // Served zooms are cut by the backbone's graph from the image as served, so they run in batches of their own.
        missing = [.. missing.OrderBy(i => requests[i].View == ImageView.ServedZoom)];
        for (var start = 0; start < missing.Count;)
        {
            var zoomed = requests[missing[start]].View == ImageView.ServedZoom;
            var count = 1;
            while (count < BatchSize && start + count < missing.Count && (requests[missing[start + count]].View == ImageView.ServedZoom) == zoomed)
            {
                count++;
            }

            var inputs = new float[count * length];
            var first = start;
            Parallel.For(0, count, k =>
            {
                var (path, view) = requests[missing[first + k]];
                preprocessor.Write(ImageView.Apply(ImageFiles.LoadRgb(path), zoomed ? 0 : view), inputs.AsSpan(k * length, length));
            });
            var features = extractor.Run(inputs, count, zoomed);
            for (var k = 0; k < count; k++)
            {
                var index = missing[start + k];
                result[index] = features[k];
                cache.Add(FeatureCache.Key(requests[index].Path, requests[index].View), features[k]);
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
            {
                // Kept as it goes: an interrupted run resumes its features from here.
                TrySave();
                lastReport = clock.Elapsed;
                log.WriteLine($"  {start + count} / {missing.Count} ({(start + count) / clock.Elapsed.TotalSeconds:F1} images/s)");
            }

            start += count;
        }

        TrySave();
        ComputeSeconds += clock.Elapsed.TotalSeconds;
        Computed += missing.Count;
        log.WriteLine($"Backbone features: {missing.Count} images in {clock.Elapsed.TotalSeconds:F0}s ({missing.Count / clock.Elapsed.TotalSeconds:F1} images/s).");
        return result;
    }

    /// <summary>The cache only saves time: a disk that cannot take it (full) is said, and the run goes on.</summary>
    private void TrySave()
    {
        try
        {
            cache.Save();
        }
        catch (IOException e)
        {
            log.WriteLine($"  (feature cache not saved: {e.Message}; the run goes on, a later run computes these again)");
        }
    }
}
