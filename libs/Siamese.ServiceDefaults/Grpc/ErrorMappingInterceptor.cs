using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Siamese.Imaging;

namespace Siamese.ServiceDefaults.Grpc;

/// <summary>
/// The one place where exceptions become gRPC statuses. Services throw domain exceptions; callers get a
/// status code they can act on and a message saying what was wrong. Unexpected failures are logged and
/// answered with INTERNAL without internals.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    /// <summary>
    /// A stream of requests (<c>CalibrateStream</c>): as a unary call, plus a message of the stream that cannot be read (a
    /// broken frame, a protobuf that does not parse) is INVALID_ARGUMENT. <see cref="MalformedMessageMiddleware"/> checks
    /// one-message calls before the service; a stream's messages are read by the service as they come, so here.
    /// </summary>
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await continuation(new CheckedReader<TRequest>(requestStream, context), context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private sealed class CheckedReader<T>(IAsyncStreamReader<T> inner, ServerCallContext context) : IAsyncStreamReader<T>
    {
        private int _read;

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                var more = await inner.MoveNext(cancellationToken).ConfigureAwait(false);
                _read += more ? 1 : 0;
                return more;
            }
            catch (Exception ex) when (Unreadable(ex) is { } status)
            {
                throw new RpcException(new Status(status, $"Message {_read} of the request stream cannot be read: {(ex is RpcException r ? r.Status.Detail : ex.Message)}"));
            }
        }

        // gRPC's reader answers a broken frame with INTERNAL or an exception of its own (an IOException for a length past
        // any limit), and a protobuf it cannot parse with the parser's exception (also an IOException). The connection
        // going away is one too, and stays as it is: the call was aborted then.
        private StatusCode? Unreadable(Exception ex) => ex switch
        {
            OperationCanceledException => null,
            _ when context.CancellationToken.IsCancellationRequested => null,
            Google.Protobuf.InvalidProtocolBufferException => StatusCode.InvalidArgument,
            IOException io when io.Message.StartsWith("Message too large", StringComparison.Ordinal) => StatusCode.ResourceExhausted,
            RpcException { StatusCode: StatusCode.Internal } => StatusCode.InvalidArgument,
            RpcException => null,
            _ => StatusCode.InvalidArgument,
        };
    }

    /// <summary>The status a domain exception maps to.</summary>
    public static Status ToStatus(Exception exception) => exception switch
    {
        ImageDecodeException { Error: ImageError.TooLarge } e => new Status(StatusCode.ResourceExhausted, e.Message),
        ImageDecodeException e => new Status(StatusCode.InvalidArgument, e.Message),
        LimitExceededException e => new Status(StatusCode.ResourceExhausted, e.Message),
        ServiceBusyException e => new Status(StatusCode.ResourceExhausted, e.Message),
        ResourceNotFoundException e => new Status(StatusCode.NotFound, e.Message),
        AccessDeniedException e => new Status(StatusCode.PermissionDenied, e.Message),
        AlreadyExistsException e => new Status(StatusCode.AlreadyExists, e.Message),
        ServiceNotReadyException e => new Status(StatusCode.Unavailable, e.Message),
        ArgumentException e => new Status(StatusCode.InvalidArgument, e.Message),
        OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled."),
        _ => new Status(StatusCode.Internal, "Internal error; the service logged the details."),
    };

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        var status = ToStatus(exception);
        if (status.StatusCode == StatusCode.ResourceExhausted)
        {
            AdjustRestAnswer(exception, context);
        }

        if (status.StatusCode == StatusCode.Internal)
        {
            LogUnexpected(logger, exception, context.Method);
        }
        else
        {
            LogRejected(logger, context.Method, status.StatusCode, status.Detail);
        }

        return new RpcException(status);
    }

    /// <summary>
    /// JSON transcoding answers RESOURCE_EXHAUSTED with 429, which clients retry. A request that is too large must get 413
    /// (retrying cannot help); a busy service gets 429 with Retry-After. gRPC callers are left alone (their status says it).
    /// </summary>
    private static void AdjustRestAnswer(Exception exception, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            return;
        }

        if (exception is ServiceBusyException busy)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(busy.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        var response = http.Response;
        response.OnStarting(() =>
        {
            if (response.StatusCode == Microsoft.AspNetCore.Http.StatusCodes.Status429TooManyRequests)
            {
                response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge;
            }

            return Task.CompletedTask;
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} rejected: {Code} {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, StatusCode code, string detail);
}
