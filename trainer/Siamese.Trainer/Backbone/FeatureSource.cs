using System.Diagnostics;
using Siamese.Imaging;
using Siamese.Model;
using Siamese.Trainer.Data;
using Siamese.Trainer.Onnx;

namespace Siamese.Trainer.Backbone;

/// <summary>
/// Features of image files (and views of them): from the cache when it has them, else decoded in colour, cut into
/// the view, preprocessed by THE shared <see cref="Preprocessor"/> (C channels, 224×224, pixel/255) and run through
/// the backbone in batches. Says how many it computed and how fast. Every view but the served zoom is the same
/// whatever zoom the model serves, so one cache file holds them for every zoom; a served zoom other than the training
/// views' (--served-zoom) is keyed by its side (<see cref="CacheKey"/>), so a run at 60% reads the images' own features
/// that a run at 80% computed, and computes only its zooms.
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
            if (!cache.TryGet(CacheKey(requests[i]), out result[i]))
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
        // One buffer for every batch: a new one each (9.6 MB of colour inputs) was garbage that piled up over an extraction.
        var inputs = new float[Math.Min(BatchSize, missing.Count) * length];

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

            if (zoomed && start > 0)
            {
                // The images' session has run its last batch: the zooms come last, in a session of their own.
                extractor.Close(zoomed: false);
            }

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
                cache.Add(CacheKey(requests[index]), features[k]);
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

    /// <summary>
    /// The cache's key of a request: the image and view, and for a served zoom other than the training views' its
    /// side too (the served zoom at the training views' side keeps the key it always had, so older caches still serve
    /// it), and with a served zoom of its own for images on a plain light background, that side after a 'c' and the
    /// rule that tells those images (<see cref="BackboneGraph.BackgroundRule"/>), so a changed rule computes them again.
    /// </summary>
    private string CacheKey((string Path, int View) request) =>
        request.View != ImageView.ServedZoom ? FeatureCache.Key(request.Path, request.View)
        : extractor.CatalogueSide is { } catalogue ? FeatureCache.Key(request.Path, request.View) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@{extractor.ZoomSide}c{catalogue}{BackboneGraph.BackgroundRule}")
        : extractor.ZoomSide != BackboneGraph.ZoomSideOf(ImageView.Zoom) ? FeatureCache.Key(request.Path, request.View) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@{extractor.ZoomSide}")
        : FeatureCache.Key(request.Path, request.View);

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
