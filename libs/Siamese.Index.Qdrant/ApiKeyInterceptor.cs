using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Siamese.Index.Qdrant;

/// <summary>Adds Qdrant's <c>api-key</c> metadata to every unary call (the only kind the index makes), when a key is set.</summary>
internal sealed class ApiKeyInterceptor(string? apiKey) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return continuation(request, context);
        }

        var headers = context.Options.Headers ?? [];
        headers.Add("api-key", apiKey);
        var options = context.Options.WithHeaders(headers);
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}
