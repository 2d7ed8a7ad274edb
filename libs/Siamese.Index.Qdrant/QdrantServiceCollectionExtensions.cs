using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace Siamese.Index.Qdrant;

/// <summary>Registers the official Qdrant client (gRPC) and the Qdrant-backed <see cref="IVectorIndex"/>.</summary>
public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// The name of the gRPC client (and of its HTTP handler pipeline in the <see cref="IHttpClientFactory"/>):
    /// tests swap the primary handler with <c>services.AddHttpClient(GrpcClientName).ConfigurePrimaryHttpMessageHandler(...)</c>.
    /// </summary>
    public const string GrpcClientName = "Siamese.Qdrant";

    /// <summary>
    /// Binds <see cref="QdrantOptions"/> from <c>Match:Qdrant</c> (validated at start), registers the official
    /// <see cref="QdrantClient"/> over a factory gRPC channel (address, <c>api-key</c> metadata, retries of
    /// <c>Unavailable</c> with exponential back-off, a deadline per call) and a singleton <see cref="IVectorIndex"/>
    /// for the vector space <paramref name="space"/> returns. Returns the gRPC client builder for further tuning.
    /// </summary>
    public static IHttpClientBuilder AddQdrantVectorIndex(this IServiceCollection services, Func<IServiceProvider, VectorSpace> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        services.AddSingleton<IVectorIndex>(sp => new QdrantVectorIndex(
            sp.GetRequiredService<QdrantClient>(),
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value,
            space(sp),
            sp.GetService<ILogger<QdrantVectorIndex>>()));
        services.AddSingleton<IOtherModelIndexes>(sp => new QdrantVectorIndex.OtherModelCollections(
            sp.GetRequiredService<QdrantClient>(), sp.GetRequiredService<IOptions<QdrantOptions>>().Value, () => space(sp)));
        return services.AddQdrantClient();
    }

    /// <summary>Registers only the <see cref="QdrantClient"/> (see <see cref="AddQdrantVectorIndex"/>).</summary>
    public static IHttpClientBuilder AddQdrantClient(this IServiceCollection services)
    {
        services.AddOptions<QdrantOptions>()
            .BindConfiguration(QdrantOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var builder = services
            .AddGrpcClient<QdrantGrpcClient>(GrpcClientName, (sp, client) =>
                client.Address = new Uri(sp.GetRequiredService<IOptions<QdrantOptions>>().Value.Url))
            .ConfigureChannel((sp, channel) =>
            {
                var options = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
                channel.MaxRetryAttempts = options.Retries + 1;
                channel.ServiceConfig = options.Retries == 0 ? null : new ServiceConfig
                {
                    MethodConfigs =
                    {
                        new MethodConfig
                        {
                            Names = { MethodName.Default },
                            RetryPolicy = new RetryPolicy
                            {
                                MaxAttempts = options.Retries + 1,
                                InitialBackoff = options.RetryDelay,
                                MaxBackoff = options.RetryDelay * Math.Pow(2, options.Retries),
                                BackoffMultiplier = 2,
                                RetryableStatusCodes = { StatusCode.Unavailable },
                            },
                        },
                    },
                };
            })
            .AddInterceptor(sp => new ApiKeyInterceptor(sp.GetRequiredService<IOptions<QdrantOptions>>().Value.ApiKey));
        services.AddSingleton(sp => new QdrantClient(
            sp.GetRequiredService<QdrantGrpcClient>(),
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value.Timeout,
            sp.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}
