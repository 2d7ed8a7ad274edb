using Siamese.Trainer.Backbone;

namespace Siamese.Trainer.Tests;

public sealed class FeatureCacheTests : IDisposable
{
    private const string Backbone = "resnet18|test";
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"siamese-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WhatOneRunSavesTheNextReadsBitForBit()
    {
        var first = FeatureCache.Open(folder, Backbone, 5);
        float[] values = [1.5f, -0f, float.Epsilon, float.MaxValue, 0.1f];
        first.Add("a.jpg|0", values);
        first.Add("b.jpg|1", [.. values.Select(v => -v)]);
        first.Save();

        var second = FeatureCache.Open(folder, Backbone, 5);

        Assert.Equal(2, second.Count);
        Assert.True(second.TryGet("a.jpg|0", out var read));
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void NoCacheKeepsNothing()
    {
        // --feature-cache none: one object for every run of the process, so what it kept would outlive the run (and be
        // read by a later run with another backbone).
        FeatureCache.None.Add("none.jpg|0", [1f, 2f]);

        Assert.False(FeatureCache.None.TryGet("none.jpg|0", out _));
        Assert.Equal(0, FeatureCache.None.Count);
    }

    [Fact]
    public void ASaveKeepsWhatAnotherRunSavedMeanwhile()
    {
        var mine = FeatureCache.Open(folder, Backbone, 2);
        mine.Add("mine|0", [1f, 2f]);
        mine.Save();
        var theirs = FeatureCache.Open(folder, Backbone, 2);
        theirs.Add("theirs|0", [3f, 4f]);
        theirs.Save();

        mine.Add("mine|1", [5f, 6f]);
        mine.Save();

        var after = FeatureCache.Open(folder, Backbone, 2);
        Assert.Equal(3, after.Count);
        Assert.True(after.TryGet("theirs|0", out var kept));
        Assert.Equal([3f, 4f], kept);
    }

    [Fact]
    public void AFileWrittenValueByValueReadsTheSame()
    {
        // The layout of the files earlier builds wrote (BinaryWriter, one float at a time).
        var empty = FeatureCache.Open(folder, Backbone, 3);
        empty.Add("x|0", [0f, 0f, 0f]);
        empty.Save();
        var file = Directory.GetFiles(folder, "features-*.bin").Single();
        using (var writer = new BinaryWriter(File.Create(file)))
        {
            writer.Write(0x31434653);
            writer.Write(1);
            writer.Write("old.jpg|0");
            writer.Write(3);
            foreach (var value in new[] { 0.25f, -7f, 1e-20f })
            {
                writer.Write(value);
            }
        }

        var cache = FeatureCache.Open(folder, Backbone, 3);

        Assert.True(cache.TryGet("old.jpg|0", out var values));
        Assert.Equal([0.25f, -7f, 1e-20f], values);
    }

    [Fact]
    public void ACutOffFileStartsAfresh()
    {
        var cache = FeatureCache.Open(folder, Backbone, 4);
        cache.Add("a|0", [1f, 2f, 3f, 4f]);
        cache.Save();
        var file = Directory.GetFiles(folder, "features-*.bin").Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^6]);

        Assert.Equal(0, FeatureCache.Open(folder, Backbone, 4).Count);
    }
}
