using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Siamese.ServiceDefaults;

namespace Siamese.Detection;

/// <summary>The crop planner of a host (detect, match, standalone): <c>Crops</c> options and the detectors of <c>Models</c>.</summary>
public static class CropPlannerRegistration
{
    /// <summary>Registers <see cref="CropPlanner"/> and its <see cref="DetectorSet"/>; idempotent, so hosts that carry detect and match share one.</summary>
    public static IHostApplicationBuilder AddCropPlanner(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(CropPlanner)))
        {
            return builder;
        }

        builder.AddModelSettings();
        builder.AddValidatedOptions<CropOptions>(CropOptions.SectionName);
        builder.Services.TryAddSingleton(sp =>
        {
            var models = sp.GetRequiredService<IOptions<ModelsOptions>>().Value;
            return new DetectorSet(models.YuNet, models.UltraFace, sp.GetRequiredService<IOptions<CropOptions>>().Value.IntraOpThreads);
        });
        builder.Services.TryAddSingleton(sp => new CropPlanner(sp.GetRequiredService<DetectorSet>(), sp.GetRequiredService<IOptions<CropOptions>>().Value));
        return builder;
    }
}
