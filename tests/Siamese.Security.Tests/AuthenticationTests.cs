using System.Net;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Security.Tests;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task ACallWithoutAKeyIsRefusedWith401AndSaysHowToSendOne()
    {
        await using var host = await SecuredHost.StartAsync();

        using var response = await host.GetAsync("/whoami");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == ApiKeyDefaults.AuthorizationScheme);
    }

    [Fact]
    public async Task AnUnknownARevokedAndAMalformedKeyGetTheSameAnswer()
    {
        await using var host = await SecuredHost.StartAsync();
        var key = await host.NewTenantKeyAsync("acme");
        var id = ApiKeyFormat.IdOf(key)!;
        await host.Admin.RevokeKeyAsync(new RevokeKeyRequest { Tenant = "acme", KeyId = id }, SecuredHost.Key(SecuredHost.AdminKey));

        var bodies = new List<string>();
        foreach (var presented in new[] { key, ApiKeyFormat.Generate().Key, "garbage", SecuredHost.AdminKey + "x" })
        {
            using var response = await host.GetAsync("/whoami", presented);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(bodies.Distinct());
    }

    [Theory]
    [InlineData(ApiKeyDefaults.Header)]
    [InlineData("Authorization")]
    public async Task ATenantKeyActsForItsOwnTenantWhicheverHeaderCarriesIt(string header)
    {
        await using var host = await SecuredHost.StartAsync();
        var key = await host.NewTenantKeyAsync("acme");

        using var unnamed = await host.GetAsync("/whoami", key, header);
        using var named = await host.GetAsync("/whoami?tenant=acme", key, header);

        Assert.Equal("acme", await unnamed.Content.ReadAsStringAsync());
        Assert.Equal("acme", await named.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ATenantKeyNamingAnotherTenantIsRefusedAlikeWhetherThatTenantExistsOrNot()
    {
        await using var host = await SecuredHost.StartAsync();
        var key = await host.NewTenantKeyAsync("acme");
        await host.NewTenantKeyAsync("globex");

        var existing = await Resolve(host, key, "globex");
        var missing = await Resolve(host, key, "nobody");

        Assert.Equal(HttpStatusCode.Forbidden, existing.Status);
        Assert.Equal(existing, missing);
        Assert.DoesNotContain("globex", existing.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminAndServiceKeysCannotActOnATenantsData()
    {
        await using var host = await SecuredHost.StartAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await Resolve(host, SecuredHost.AdminKey, "acme")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Resolve(host, SecuredHost.ServiceKey, null)).Status);
    }

    [Fact]
    public async Task ATenantKeyLearnsItsOwnTenantFromMe()
    {
        await using var host = await SecuredHost.StartAsync();
        var key = await host.NewTenantKeyAsync("acme");

        using var response = await host.GetAsync(CallerInfoEndpoint.Path, key);
        using var anonymous = await host.GetAsync(CallerInfoEndpoint.Path);

        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("tenant", body.GetProperty("role").GetString());
        Assert.Equal("acme", body.GetProperty("tenant").GetString());
        Assert.Equal(ApiKeyFormat.IdOf(key), body.GetProperty("keyId").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AnonymousEndpointsNeedNoKey()
    {
        await using var host = await SecuredHost.StartAsync();

        using var response = await host.GetAsync("/anonymous");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GrpcCallersGetUnauthenticatedAndPermissionDeniedStatuses()
    {
        await using var host = await SecuredHost.StartAsync();
        var key = await host.NewTenantKeyAsync("acme");

        var missing = await Assert.ThrowsAsync<RpcException>(async () => await host.Admin.ListTenantsAsync(new ListTenantsRequest()));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Admin.ListTenantsAsync(new ListTenantsRequest(), SecuredHost.Key("sia_abcdefghijkl_nope")));
        var tenant = await Assert.ThrowsAsync<RpcException>(async () => await host.Admin.ListTenantsAsync(new ListTenantsRequest(), SecuredHost.Key(key)));
        var service = await Assert.ThrowsAsync<RpcException>(async () =>
            await host.Admin.ListTenantsAsync(new ListTenantsRequest(), SecuredHost.Key(SecuredHost.ServiceKey)));

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(ApiKeyDefaults.UnauthenticatedMessage, missing.Status.Detail);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, tenant.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, service.StatusCode);
    }

    [Fact]
    public async Task OpenModeLetsTheRequestNameTheTenant()
    {
        await using var host = await SecuredHost.StartAsync(("Security:Mode", "Open"));

        using var named = await host.GetAsync("/whoami?tenant=acme");
        using var unnamed = await host.GetAsync("/whoami");

        Assert.Equal("acme", await named.Content.ReadAsStringAsync());
        Assert.Equal("(default)", await unnamed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenModeOffLoopbackFailsTheStartNamingTheAddress()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            SecuredHost.StartAsync(("Security:Mode", "Open"), ("Kestrel:Endpoints:Http:Url", "http://*:8080")));

        Assert.Contains("http://*:8080", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWeakAdminKeyFailsTheStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => SecuredHost.StartAsync(("Security:AdminKey", "secret")));

        Assert.Contains("Security:AdminKey", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> Resolve(SecuredHost host, string key, string? tenant)
    {
        using var response = await host.GetAsync(tenant is null ? "/whoami" : $"/whoami?tenant={tenant}", key);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
