using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Siamese.Security;

/// <summary>
/// Puts the key's tenant into every request message that has a <c>tenant</c> field, before the service sees it: an empty
/// field becomes the key's tenant, the key's own name passes, any other name is refused with PERMISSION_DENIED (the same
/// answer whether or not that tenant exists). REST routes reach it too (JSON transcoding binds <c>{tenant}</c> of the path
/// into the field), and so does any RPC added later: no service method resolves tenants itself.
/// </summary>
public sealed class TenantInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Apply(request, context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Apply(request, context);
        return continuation(request, responseStream, context);
    }

    /// <summary>A stream of requests (<c>CalibrateStream</c>): each message is resolved as it is read, as a unary request is.</summary>
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(new ResolvingReader<TRequest>(requestStream, context), context);
    }

    /// <summary>Both directions streaming: the requests are resolved as they are read.</summary>
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(new ResolvingReader<TRequest>(requestStream, context), responseStream, context);
    }

    private sealed class ResolvingReader<T>(IAsyncStreamReader<T> inner, ServerCallContext context) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            Apply(inner.Current, context);
            return true;
        }
    }

    /// <summary>The admin API names tenants as what it manages, not as whose data it reads.</summary>
    private static readonly string AdminPrefix = $"/{Protos.V1.Admin.Descriptor.FullName}/";

    private static void Apply(object? request, ServerCallContext context)
    {
        if (context.Method.StartsWith(AdminPrefix, StringComparison.Ordinal) || request is not IMessage message || message.Descriptor.FindFieldByName("tenant") is not { FieldType: FieldType.String } field)
        {
            return;
        }

        var requested = (string)field.Accessor.GetValue(message);
        string? tenant;
        try
        {
            tenant = TenantAccess.Resolve(context, requested);
        }
        catch (ServiceDefaults.AccessDeniedException ex)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, ex.Message));
        }

        if (tenant is not null && tenant != requested)
        {
            field.Accessor.SetValue(message, tenant);
        }
    }
}
