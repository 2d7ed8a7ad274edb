using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// For a host's gRPC clients of another Siamese host (match → embed): every call carries the deployment's service key
/// (<see cref="SecurityOptions.ServiceKey"/>). In open mode nothing is added.
/// </summary>
public sealed class ServiceKeyInterceptor(IOptions<SecurityOptions> options) : Interceptor
{
    private readonly string? _key = options.Value.Mode == SecurityMode.Open ? null : options.Value.ReadServiceKey();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithKey(context));
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, WithKey(context));
    }

    private ClientInterceptorContext<TRequest, TResponse> WithKey<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        if (_key is null)
        {
            return context;
        }

        var headers = context.Options.Headers ?? [];
        headers.Add(ApiKeyDefaults.Header.ToLowerInvariant(), _key);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}
