using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.Imaging;

namespace Siamese.ServiceDefaults;

/// <summary>The <c>Models</c> and <c>ImageLimits</c> sections, bound and validated once for every host.</summary>
public static class ModelSettingsRegistration
{
    public static IHostApplicationBuilder AddModelSettings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(ImageLimits)))
        {
            return builder;
        }

        builder.AddValidatedOptions<ModelsOptions>(ModelsOptions.SectionName);
        builder.AddValidatedOptions<ImageLimitsOptions>(ImageLimitsOptions.SectionName);
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ImageLimitsOptions>>().Value.ToLimits());
        return builder;
    }

    /// <summary>The host runs or reads the embedding model: <c>Models:Embedding</c> must name an existing file, or the start fails saying so.</summary>
    public static IHostApplicationBuilder RequireEmbeddingModel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModelSettings();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelsOptions>, EmbeddingModelRequired>());
        return builder;
    }

    private sealed class EmbeddingModelRequired : IValidateOptions<ModelsOptions>
    {
        public ValidateOptionsResult Validate(string? name, ModelsOptions options) =>
            options.EmbeddingProblem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
