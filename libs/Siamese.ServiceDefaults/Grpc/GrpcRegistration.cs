using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Siamese.ServiceDefaults.Grpc;

/// <summary>gRPC with JSON transcoding and the error mapping, registered once however many services a host carries.</summary>
public static class GrpcRegistration
{
    public static IServiceCollection AddSiameseGrpc(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ErrorMappingInterceptor)))
        {
            return services;
        }

        services.TryAddSingleton<ErrorMappingInterceptor>();
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.EnableDetailedErrors = false;
        }).AddJsonTranscoding();
        return services;
    }
}
