using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Siamese.Index.Tests;

/// <summary>The DI extensions bind their sections and reject bad settings by name.</summary>
public sealed class ServiceRegistrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task EmbeddedIndexIsBuiltFromTheMatchEmbeddedSection()
    {
        await using var provider = Provider(new() { ["Match:Embedded:DataDirectory"] = _directory.Path });

        var index = Assert.IsType<EmbeddedVectorIndex>(provider.GetRequiredService<IVectorIndex>());
        await index.InitializeAsync();

        Assert.Equal(32, index.Dimension);
        Assert.StartsWith(_directory.Path, index.Directory, StringComparison.Ordinal);
        Assert.EndsWith("tower_3", index.Directory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadEmbeddedSettingIsRejectedByName()
    {
        await using var provider = Provider(new() { ["Match:Embedded:DataDirectory"] = _directory.Path, ["Match:Embedded:CompactAfterBytes"] = "1" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVectorIndex>());

        // Before: DataAnnotations' own message, which writes the largest long as 9.22337203685478E+18.
        Assert.Contains("CompactAfterBytes must be at least 4096 (bytes).", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("8.00:00:00")]
    public async Task AnErasureDelayBelowZeroOrOverAWeekIsRejectedByName(string value)
    {
        await using var provider = Provider(new() { ["Match:Embedded:DataDirectory"] = _directory.Path, ["Match:Embedded:ErasureDelay"] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVectorIndex>());

        Assert.Contains("ErasureDelay", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HnswConnectivity", "2")]
    [InlineData("ApproximateMinExamples", "10")]
    [InlineData("GraphStorage", "7")]
    public async Task BadGraphSettingIsRejectedByName(string setting, string value)
    {
        await using var provider = Provider(new() { ["Match:Embedded:DataDirectory"] = _directory.Path, [$"Match:Embedded:{setting}"] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IVectorIndex>());

        Assert.Contains(setting, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddEmbeddedVectorIndex(_ => new VectorSpace("Tower:3", 32));
        return services.BuildServiceProvider();
    }
}
