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
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ImageLimitsOptions>>().Value.ToGate());

        // One image at the image limit fits in one gRPC message, as it fits in a REST body: the limits agree whichever
        // way a photo comes (gRPC's own default, 4 MiB, would refuse a 5 MB phone photo that REST takes).
        builder.Services.AddOptions<global::Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<ImageLimitsOptions>>((grpc, limits) =>
            grpc.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, Math.Max(grpc.MaxReceiveMessageSize ?? GrpcDefaultMessageSize, limits.Value.MaxBytes + MessageOverhead)));
        return builder;
    }

    /// <summary>Room in a gRPC message beside one image (the other fields of the request).</summary>
    private const long MessageOverhead = 1024 * 1024;

    /// <summary>gRPC's own limit, kept as the floor (requests of many small crops, an embed batch, need no image limit to fit).</summary>
    private const int GrpcDefaultMessageSize = 4 * 1024 * 1024;

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
