using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.ServiceDefaults.Grpc;

/// <summary>
/// Answers a gRPC request whose message cannot be read with INVALID_ARGUMENT (or RESOURCE_EXHAUSTED when too large)
/// before the service sees it. gRPC's own server reads the message before any interceptor runs and answers a protobuf it
/// cannot parse, or a broken frame, with UNKNOWN or INTERNAL: to a client that reads as "the server failed", not "your
/// request is wrong". Unary and server-streaming methods only (one request message); the body is buffered (it is at most
/// the configured message size) and handed on unchanged.
/// </summary>
public sealed partial class MalformedMessageMiddleware(RequestDelegate next, IOptions<GrpcServiceOptions> grpcOptions, ILogger<MalformedMessageMiddleware> logger)
{
    private const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    private static readonly ConcurrentDictionary<IMethod, Func<byte[], object?>?> Parsers = new();

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
        if (method is null || method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming
            || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
            || context.Request.ContentType.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var limit = grpcOptions.Value.MaxReceiveMessageSize ?? DefaultMaxReceiveMessageSize;
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > limit + 5L)
            {
                await RefuseAsync(context, method, StatusCode.ResourceExhausted,
                    $"The request message is larger than the limit of {limit} bytes.").ConfigureAwait(false);
                return;
            }

            body.Write(buffer, 0, read);
        }

        var bytes = body.ToArray();
        if (Check(bytes, context.Request.Headers["grpc-encoding"].ToString(), method) is { } problem)
        {
            await RefuseAsync(context, method, StatusCode.InvalidArgument, problem).ConfigureAwait(false);
            return;
        }

        context.Request.Body = new MemoryStream(bytes, writable: false);
        await next(context).ConfigureAwait(false);
    }

    /// <summary>What is wrong with a unary request body (one framed message), or null when it reads.</summary>
    private static string? Check(byte[] body, string encoding, IMethod method)
    {
        if (body.Length < 5)
        {
            return "The request carries no complete gRPC message (a 5-byte header and the message are required).";
        }

        var compressed = body[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (compressed > 1)
        {
            return $"The gRPC message header has compressed flag {compressed}; only 0 or 1 are defined.";
        }

        if (length != body.Length - 5)
        {
            return length > body.Length - 5
                ? $"The gRPC message header announces {length} bytes, but only {body.Length - 5} follow."
                : "The request carries more than one gRPC message; this method takes exactly one.";
        }

        if (compressed == 1)
        {
            // Compressed messages are left to gRPC (it knows the encodings), unless no encoding was named at all.
            return encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase)
                ? "The gRPC message is marked compressed, but the request names no grpc-encoding."
                : null;
        }

        if (Parsers.GetOrAdd(method, CreateParser) is not { } parse)
        {
            return null;
        }

        try
        {
            parse(body[5..]);
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            return $"The request is not a valid {method.Name} message: {ex.InnerException.Message}";
        }
    }

    /// <summary>The method's own request deserializer (from its marshaller), or null when it cannot be found.</summary>
    private static Func<byte[], object?>? CreateParser(IMethod method)
    {
        var marshaller = method.GetType().GetProperty("RequestMarshaller")?.GetValue(method);
        return marshaller?.GetType().GetProperty("ContextualDeserializer")?.GetValue(marshaller) is Delegate deserializer
            ? bytes => deserializer.DynamicInvoke(new Payload(bytes))
            : null;
    }

    /// <summary>The buffered message as gRPC hands it to a deserializer.</summary>
    private sealed class Payload(byte[] bytes) : DeserializationContext
    {
        public override int PayloadLength => bytes.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])bytes.Clone();

        public override System.Buffers.ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(bytes);
    }

    private async Task RefuseAsync(HttpContext context, IMethod method, StatusCode code, string message)
    {
        LogRefused(logger, method.FullName, code, message);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        await response.CompleteAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} refused before parsing: {Code} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, StatusCode code, string detail);
}
