using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Protos.V1;

namespace Siamese.Standalone.Tests;

/// <summary>
/// The whole host's surface: every endpoint any service maps (today's and tomorrow's) needs an API key, except the few
/// that must answer without one (probes, the page's static files).
/// </summary>
public sealed class StandaloneSecurityTests
{
    /// <summary>
    /// Route prefixes that answer without a key: Kubernetes probes and scrapes, the web page's own files (it asks for the
    /// key) and the OpenAPI document (it describes the API, it holds no data).
    /// </summary>
    private static readonly string[] AnonymousPrefixes = ["/health/", "/metrics", "/grpc.health.", "/ui/", "/index.html", "/openapi/", "/"];

    [Fact]
    public async Task OnlyProbesAndThePageAnswerWithoutAKey()
    {
        using var models = new TempDirectory();
        await using var host = await StandaloneTestHost.StartAsync(PixelModel.Write(Path.Combine(models.Path, "pixels.onnx")));

        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/')).ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(anonymous, route => Assert.Contains(AnonymousPrefixes, p => p == "/" ? route == "/" : route.StartsWith(p, StringComparison.Ordinal)));
        Assert.Contains("/health/ready", anonymous);
    }

    [Fact]
    public async Task RestAndGrpcCallsWithoutAKeyAreUnauthenticated()
    {
        using var models = new TempDirectory();
        await using var host = await StandaloneTestHost.StartAsync(PixelModel.Write(Path.Combine(models.Path, "pixels.onnx")));
        using var anonymous = host.Anonymous;

        using var rest = await anonymous.GetAsync(new Uri("/v1/tenants/default/subjects", UriKind.Relative));
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(anonymous.BaseAddress!, new Grpc.Net.Client.GrpcChannelOptions { HttpClient = anonymous });
        var grpc = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await new Matcher.MatcherClient(channel).GetModelInfoAsync(new GetMatchModelInfoRequest()));
        using var ready = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, grpc.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task AKeyNamingAnotherTenantInTheRestPathIsForbidden()
    {
        using var models = new TempDirectory();
        await using var host = await StandaloneTestHost.StartAsync(PixelModel.Write(Path.Combine(models.Path, "pixels.onnx")));

        using var other = await host.Http.GetAsync(new Uri("/v1/tenants/globex/subjects", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}
