using System.Collections.Concurrent;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Siamese.Tests.Shared.FakeQdrant;

/// <summary>
/// An in-process stand-in for Qdrant's gRPC API (the calls this project makes), served by ASP.NET Core gRPC on a
/// test server from the service descriptors and message types inside the <c>Qdrant.Client</c> assembly (no copied
/// protos). It answers as Qdrant does: <c>NotFound</c> for a missing collection, <c>AlreadyExists</c>,
/// <c>InvalidArgument</c> for a wrong vector size or a malformed request, <c>Unauthenticated</c>/<c>PermissionDenied</c>
/// for a missing/wrong <c>api-key</c>, <c>Unimplemented</c> for what it does not model. Search is exact (brute force);
/// Euclid scores are distances. Faults (a status or a delay for the next N calls) exercise retries and deadlines.
/// </summary>
internal sealed class FakeQdrantServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<Func<ServerCallContext, Task>> _faults = new();

    private FakeQdrantServer(WebApplication app)
    {
        _app = app;
        Operations = new FakeQdrantOperations(Collections);
    }

    public Dictionary<string, FakeCollection> Collections { get; } = new(StringComparer.Ordinal);

    /// <summary>Every call seen: the method (<c>Service/Method</c>) and its <c>api-key</c> metadata.</summary>
    public ConcurrentQueue<(string Method, string? ApiKey)> Requests { get; } = new();

    /// <summary>The last request of each method, to check what the client sent.</summary>
    public ConcurrentDictionary<string, Google.Protobuf.IMessage> LastRequests { get; } = new(StringComparer.Ordinal);

    public string? RequiredApiKey { get; set; }

    internal FakeQdrantOperations Operations { get; }

    public static async Task<FakeQdrantServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<FakeQdrantService>();
        builder.Services.AddSingleton<IServiceMethodProvider<FakeQdrantService>, FakeQdrantMethods>();
        var app = builder.Build();
        var server = new FakeQdrantServer(app);
        app.Services.GetRequiredService<FakeQdrantService>().Server = server;
        app.MapGrpcService<FakeQdrantService>();
        await app.StartAsync();
        return server;
    }

    /// <summary>The handler a gRPC channel (or the client factory's primary handler) uses to reach this server.</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    /// <summary>The next <paramref name="count"/> calls fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, StatusCode status)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(_ => throw new RpcException(new Status(status, "Service internal error: injected fault")));
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> calls fail with <paramref name="status"/> at the call's deadline (the server's,
    /// from <c>grpc-timeout</c>) less <paramref name="early"/>: a server whose coarse timer ends a step early.
    /// </summary>
    public void FailNextAtDeadline(int count, TimeSpan early, StatusCode status, string detail)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async call =>
            {
                if (call.Deadline == DateTime.MaxValue)
                {
                    throw new InvalidOperationException("FailNextAtDeadline needs a call with a deadline (Match:Qdrant:Timeout).");
                }

                var wait = call.Deadline - early - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                throw new RpcException(new Status(status, detail));
            });
        }
    }

    /// <summary>The next <paramref name="count"/> calls are held for <paramref name="delay"/> (or until the client gives up).</summary>
    /// <remarks>
    /// The hold ends when the client goes away, not at the call's deadline: a handler that threw on its deadline token could
    /// answer Unknown before the server's own deadline answer (DeadlineExceeded) went out, a race a real server does not run.
    /// </remarks>
    public void DelayNext(int count, TimeSpan delay)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(async call =>
            {
                try
                {
                    await Task.Delay(delay, call.GetHttpContext().RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    throw new RpcException(new Status(StatusCode.Cancelled, "the client went away"));
                }
            });
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The gate every call passes: recorded, authenticated as Qdrant does, faults injected, then handled under one lock.</summary>
    internal async Task<TResponse> HandleAsync<TRequest, TResponse>(string method, TRequest request, ServerCallContext call, Func<TRequest, TResponse> handle)
        where TRequest : Google.Protobuf.IMessage
    {
        var key = call.RequestHeaders.GetValue("api-key");
        Requests.Enqueue((method, key));
        LastRequests[method] = request;
        if (RequiredApiKey is not null && key is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Must provide an API key or an Authorization bearer token"));
        }

        if (RequiredApiKey is not null && key != RequiredApiKey)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Invalid API key or JWT"));
        }

        if (_faults.TryDequeue(out var fault))
        {
            await fault(call);
        }

        lock (_gate)
        {
            return handle(request);
        }
    }
}
