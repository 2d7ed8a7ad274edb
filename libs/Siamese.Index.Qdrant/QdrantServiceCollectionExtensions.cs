using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Siamese.Index.Qdrant;

/// <summary>Registers the Qdrant client and the Qdrant-backed <see cref="IVectorIndex"/>.</summary>
public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="QdrantOptions"/> from <c>Match:Qdrant</c> (validated at start), registers
    /// <see cref="IQdrantClient"/> on a factory HTTP client (base address, <c>api-key</c>, per-attempt timeout,
    /// exponential retries on connection errors, timeouts and 5xx) and a singleton <see cref="IVectorIndex"/>
    /// for the vector space <paramref name="space"/> returns. Returns the HTTP client builder for further tuning.
    /// </summary>
    public static IHttpClientBuilder AddQdrantVectorIndex(this IServiceCollection services, Func<IServiceProvider, VectorSpace> space)
    {
        ArgumentNullException.ThrowIfNull(space);
        services.AddSingleton<IVectorIndex>(sp => new QdrantVectorIndex(
            sp.GetRequiredService<IQdrantClient>(),
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value,
            space(sp),
            sp.GetService<ILogger<QdrantVectorIndex>>()));
        return services.AddQdrantClient();
    }

    /// <summary>Registers only <see cref="IQdrantClient"/> (see <see cref="AddQdrantVectorIndex"/>).</summary>
    public static IHttpClientBuilder AddQdrantClient(this IServiceCollection services)
    {
        services.AddOptions<QdrantOptions>()
            .BindConfiguration(QdrantOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var builder = services.AddHttpClient<IQdrantClient, QdrantClient>(QdrantClient.HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
            http.BaseAddress = new Uri(options.Url.TrimEnd('/') + "/");

            // The resilience pipeline owns timeouts (per attempt, with retries); HttpClient's own would cut across them.
            http.Timeout = Timeout.InfiniteTimeSpan;
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add("api-key", options.ApiKey);
            }
        });
        builder.AddResilienceHandler("qdrant", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<QdrantOptions>>().Value;
            if (options.Retries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.Retries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                });
            }

            pipeline.AddTimeout(options.Timeout);
        });
        return builder;
    }
}
