using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.Index;

/// <summary>Registers the embedded index as the <see cref="IVectorIndex"/>.</summary>
public static class EmbeddedIndexServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EmbeddedIndexOptions"/> from <c>Match:Embedded</c> (validated at start) and registers a
    /// singleton <see cref="IVectorIndex"/> for the vector space <paramref name="space"/> returns (the loaded model's).
    /// The host still calls <see cref="IVectorIndex.InitializeAsync"/> once at start.
    /// </summary>
    public static IServiceCollection AddEmbeddedVectorIndex(this IServiceCollection services, Func<IServiceProvider, VectorSpace> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        services.AddOptions<EmbeddedIndexOptions>()
            .BindConfiguration(EmbeddedIndexOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IVectorIndex>(sp => new EmbeddedVectorIndex(
            sp.GetRequiredService<IOptions<EmbeddedIndexOptions>>().Value,
            space(sp),
            sp.GetService<ILogger<EmbeddedVectorIndex>>()));
        services.AddSingleton<IOtherModelIndexes>(sp => new OtherModelFolders(
            sp.GetRequiredService<IOptions<EmbeddedIndexOptions>>().Value, () => space(sp), sp.GetService<ILogger<EmbeddedVectorIndex>>()));
        return services;
    }

    /// <summary>The folders of the models other than the served one, beside its own.</summary>
    private sealed class OtherModelFolders(EmbeddedIndexOptions options, Func<VectorSpace> served, ILogger? logger) : IOtherModelIndexes
    {
        public Task<OtherModelsErasure> EraseAsync(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken = default) =>
            EmbeddedVectorIndex.EraseTenantsOfOtherModelsAsync(options, served(), tenants, logger, cancellationToken);
    }
}
